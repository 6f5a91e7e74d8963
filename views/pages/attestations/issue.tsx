/**
 * A contractor issues a signed status attestation over its own UIDs (api.md "Signed status
 * attestations"; rules §7): choose UIDs, optionally the prime's CAGE and a validity, and the checks on
 * its own subs to share. The answer is the token and a shareable link to the public verify page.
 */
import type { AttestationClaims } from '../../../src/services/attestations.js';
import type { Child } from 'hono/jsx';
import type { Level, StatusType } from '../../../src/domain/levels.js';
import { EmptyState } from '../../components/alerts.js';
import { AttestationClaimsView } from '../../components/attestation.js';
import { Alert } from '../../components/alerts.js';
import { Checkbox, Csrf, ErrorSummary, IdempotencyKey, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { ConfirmPermanent, HiddenValues, PermanentActions } from '../../components/second-step.js';
import { statusLabel } from '../../labels.js';

export interface IssuableUid {
  uid: string;
  level: Level;
  type: StatusType;
  statusDate: string;
  currentThrough: string | null;
  current: boolean;
  scope: string;
}

export interface ShareableCheck {
  id: string;
  primeContractNumber: string;
  subcontractor: { cage: string; name: string };
  mayAward: boolean;
  asOf: string;
}

export interface IssuedView {
  token: string;
  link: string;
  claims: AttestationClaims;
  kid: string;
  validThrough: string;
}

/** A fieldset of checkboxes named `name`: its legend, hint and error message (the error summary links to `f-<name>`). */
function CheckboxGroup({ name, legend, hint, errors, children }: { name: string; legend: string; hint: string; errors: FormErrors; children: Child }) {
  return (
    <fieldset class={`usa-fieldset usa-form-group${errors[name] ? ' usa-form-group--error' : ''}`} id={`f-${name}`}>
      <legend class="usa-legend">{legend}</legend>
      <span class="usa-hint">{hint}</span>
      {errors[name] ? (
        <span class="usa-error-message" role="alert">
          {errors[name]}
        </span>
      ) : null}
      {children}
    </fieldset>
  );
}

export function IssueAttestationForm(p: { csrf: string | null; uids: IssuableUid[]; checks: ShareableCheck[]; values: FormValues; errors: FormErrors }) {
  if (!p.uids.length) {
    return (
      <div id="attestation-area">
        <EmptyState>
          Your company has no UIDs yet, so there is nothing to attest. Post an assessment first (<a href="/company/assessments">Assessments</a>).
        </EmptyState>
      </div>
    );
  }
  return (
    <div id="attestation-area">
      <ErrorSummary errors={p.errors} />
      <form class="usa-form usa-form--large" method="post" action="/attestations" hx-post="/attestations" hx-target="#attestation-area" hx-swap="outerHTML" hx-disabled-elt="find button[type=submit]" novalidate>
        <Csrf token={p.csrf} />
        <CheckboxGroup name="uids" legend="UIDs to attest" hint="Each UID's level, status, status date, current-through date and latest affirmation as of today are signed." errors={p.errors}>
          {p.uids.map((u) => (
            <Checkbox name="uids" value={u.uid} label={`${u.uid} · ${statusLabel(u.level, u.type)}`} hint={`${u.scope} · status date ${u.statusDate} · ${u.current ? `current through ${u.currentThrough}` : 'not current today'}`} values={p.values} />
          ))}
        </CheckboxGroup>
        <TextField name="audienceCage" label="Prime's CAGE code (optional)" hint="When set, only that prime's flowdown checks accept the attestation." values={p.values} errors={p.errors} maxlength={5} autocomplete="off" />
        <TextField name="validDays" label="Valid for (days)" hint="1 to 365 days from today, inclusive; 30 when blank." type="number" inputmode="numeric" values={p.values} errors={p.errors} />
        {p.checks.length ? (
          <CheckboxGroup name="flowdownCheckIds" legend="Share flowdown checks on your own subcontractors (optional)" hint="The prime then sees them in its tree of checks across tiers." errors={p.errors}>
            {p.checks.map((c) => (
              <Checkbox name="flowdownCheckIds" value={c.id} label={`${c.primeContractNumber}: ${c.subcontractor.name} (${c.subcontractor.cage})`} hint={`${c.mayAward ? 'may award' : 'may not award'} · decided as of ${c.asOf}`} values={p.values} />
            ))}
          </CheckboxGroup>
        ) : null}
        <Submit label="Issue attestation" />
      </form>
    </div>
  );
}

/** What the confirmation step summarises before anything is signed (issue 10: an attestation cannot be taken back from whoever holds it). */
export interface IssueSummary {
  uids: IssuableUid[];
  audienceCage: string | null;
  validThrough: string;
  checks: ShareableCheck[];
}

export const CONFIRM_ISSUE_MESSAGE = 'Confirm that you understand issuing is permanent';

/** The confirmation step: a summary and the "I understand" checkbox; the form's values ride along hidden (works without JavaScript). */
export function ConfirmIssue({ csrf, values, errors, summary }: { csrf: string | null; values: FormValues; errors: FormErrors; summary: IssueSummary }) {
  const kept = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'confirm' && k !== 'step'));
  return (
    <div id="attestation-area">
      <ErrorSummary errors={errors} />
      <h2 id="confirm-heading" tabindex={-1} autofocus>
        Check the attestation before you issue it
      </h2>
      <dl class="usa-list">
        <dt>UIDs</dt>
        {summary.uids.map((u) => (
          <dd>
            <span class="ag-mono">{u.uid}</span> · {statusLabel(u.level, u.type)} · {u.current ? `current through ${u.currentThrough}` : 'not current today'}
          </dd>
        ))}
        <dt>For</dt>
        <dd>{summary.audienceCage ? <>the prime with CAGE <span class="ag-mono">{summary.audienceCage}</span> only</> : 'any prime that receives it'}</dd>
        <dt>Valid through</dt>
        <dd>{summary.validThrough}</dd>
        {summary.checks.length ? (
          <>
            <dt>Flowdown checks shared</dt>
            {summary.checks.map((c) => (
              <dd>
                {c.primeContractNumber}: {c.subcontractor.name} ({c.subcontractor.cage})
              </dd>
            ))}
          </>
        ) : null}
      </dl>
      <Alert type="warning" heading="An issued attestation is permanent">
        AwardGate signs these facts as of today. You can revoke the attestation later, but you cannot change it, and a prime that verified it offline before the
        revocation keeps what it saw.
      </Alert>
      <form class="usa-form usa-form--large" method="post" action="/attestations" hx-post="/attestations" hx-target="#attestation-area" hx-swap="outerHTML" hx-disabled-elt="find button[type=submit]" novalidate>
        <Csrf token={csrf} />
        <IdempotencyKey />
        <HiddenValues values={kept} />
        <input type="hidden" name="step" value="confirm" />
        <ConfirmPermanent values={values} errors={errors} />
        <PermanentActions label="Issue the attestation" cancel={{ href: '/attestations', label: 'Start again' }} />
      </form>
    </div>
  );
}

/** An issued attestation's token and link (its page, /attestations/issued/:jti: AwardGate keeps the token behind the link). */
export function IssuedAttestation({ issued }: { issued: IssuedView }) {
  return (
    <div id="attestation-area">
      <div class="usa-alert usa-alert--success" role="status">
        <div class="usa-alert__body">
          <h2 class="usa-alert__heading" id="issued-heading" tabindex={-1} autofocus>
            Attestation issued, valid through {issued.validThrough}
          </h2>
          <p class="usa-alert__text">
            Send the prime the link or the token. The link stays short: AwardGate keeps the token behind it. You can revoke the attestation from{' '}
            <a href="/attestations/issued">Issued attestations</a>.
          </p>
        </div>
      </div>
      <div class="usa-form-group">
        <label class="usa-label" for="f-token">
          Signed token (compact JWS)
        </label>
        <span class="usa-hint" id="f-token-hint">
          The prime pastes it into its flowdown check, or anyone verifies it on the verify page.
        </span>
        <textarea class="usa-textarea ag-mono" id="f-token" name="token" rows={6} readonly aria-describedby="f-token-hint">
          {issued.token}
        </textarea>
        <button type="button" class="usa-button usa-button--outline margin-top-1" data-copy="f-token" data-copy-status="copy-status" hidden>
          Copy token
        </button>
      </div>
      <div class="usa-form-group">
        <label class="usa-label" for="f-link">
          Shareable link to the verify page
        </label>
        <input class="usa-input ag-mono" id="f-link" type="text" readonly value={issued.link} />
        <button type="button" class="usa-button usa-button--outline margin-top-1" data-copy="f-link" data-copy-status="copy-status" hidden>
          Copy link
        </button>{' '}
        <a href={issued.link} class="usa-link">
          Open the verify page
        </a>
      </div>
      <p id="copy-status" class="usa-hint" aria-live="polite"></p>
      <h2>What was signed</h2>
      <AttestationClaimsView claims={issued.claims} kid={issued.kid} uidCaption="Status facts signed for each UID" />
      <p>
        <a href="/attestations" class="usa-button usa-button--outline">
          Issue another attestation
        </a>
      </p>
    </div>
  );
}

export function AttestationsPage({ children }: { children: Child }) {
  return (
    <>
      <h1>Signed status attestations</h1>
      <p class="usa-intro">
        A prime cannot see SPRS. Give it a status attestation signed by this AwardGate instance from your own records; its flowdown check verifies the signature
        and takes the facts as verified (32 CFR 170.23). Anyone can check a token on the <a href="/attestations/verify">verify page</a>. What you issued, and
        revoking it: <a href="/attestations/issued">Issued attestations</a>.
      </p>
      {children}
      <script src="/assets/app/copy.js" defer></script>
    </>
  );
}
