/**
 * Offers: entering an offer (the UIDs pasted with any separators), the offer page with its one-click
 * check (an htmx fragment of the same CheckResult the full page renders), recording the award
 * verification, and all offers of a solicitation side by side.
 */
import type { CheckAnswer } from '../../../src/domain/eligibility.js';
import type { Offer } from '../../../src/services/offers.js';
import type { Solicitation } from '../../../src/services/solicitations.js';
import type { VerificationSummary } from '../../../src/services/verification-records.js';
import { EmptyState, SlimAlert } from '../../components/alerts.js';
import { CheckResult } from '../../components/check-result.js';
import { FactList } from '../../components/facts.js';
import { Csrf, ErrorSummary, IdempotencyKey, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { ConfirmStep } from '../../components/confirm-step.js';
import { BackLink } from '../../components/links.js';
import { UidPaste, type UidPreview } from '../../components/uid-paste.js';
import { EligibleTag, MeetsTag, SeverityTag } from '../../components/reasons.js';
import { LEVEL_LABEL, statusLabel } from '../../labels.js';

const UID_HINT = 'Paste the list as the offeror gave it, words and all: the 10-character UIDs are picked out and everything else is ignored.';

export function OfferFormPage({ csrf, s, values, errors, preview }: { csrf: string | null; s: Solicitation; values: FormValues; errors: FormErrors; preview: UidPreview }) {
  return (
    <>
      <BackLink href={`/officer/solicitations/${s.id}`}>Back to {s.number}</BackLink>
      <h1>Enter an offer on {s.number}</h1>
      <ErrorSummary errors={errors} />
      <form class="usa-form usa-form--large" method="post" action={`/officer/solicitations/${s.id}/offers`} novalidate>
        <Csrf token={csrf} />
        <IdempotencyKey />
        <TextField name="offerorName" label="Offeror name" values={values} errors={errors} required maxlength={200} />
        <TextField name="cage" label="Offeror CAGE code" hint="5 characters" values={values} errors={errors} required maxlength={5} class="ag-mono" />
        <TextField name="uei" label="Offeror UEI" hint="12 characters (SAM Unique Entity ID)" values={values} errors={errors} required maxlength={12} class="ag-mono" />
        <UidPaste label="CMMC UIDs listed in the offer (DFARS 252.204-7025)" hint={UID_HINT} rows={5} values={values} errors={errors} preview={preview} />
        <Submit label="Save offer" />
      </form>
    </>
  );
}

/** As-of and look-ahead dates of a check; GET, so a past decision is a link anyone can reopen. */
export function CheckDatesForm({ action, values, errors, plannedHint, submit }: { action: string; values: FormValues; errors: FormErrors; plannedHint: string; submit: string }) {
  return (
    <form class="usa-form usa-form--large ag-noprint" method="get" action={action} hx-get={action} hx-target="#check-area" hx-swap="innerHTML" hx-push-url="true" hx-disabled-elt="find button" novalidate>
      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-6">
          <TextField name="asOf" label='Check "as of" date' hint="YYYY-MM-DD; blank means today. Reconstructs the answer an officer would have had that day." values={values} errors={errors} maxlength={10} />
        </div>
        <div class="tablet:grid-col-6">
          <TextField name="lookAheadUntil" label="Warn of lapses before" hint={plannedHint} values={values} errors={errors} maxlength={10} />
        </div>
      </div>
      <Submit label={submit} />
      <span class="htmx-indicator" role="status">
        {' '}
        Checking…
      </span>
    </form>
  );
}

/** The check area: the verdict and, under it, the form that records it as the award verification. */
export function OfferCheckArea({ csrf, offer, answer, lookAheadUntil, errors }: { csrf: string | null; offer: Offer; answer: CheckAnswer | null; lookAheadUntil: string | null; errors: FormErrors }) {
  return (
    <>
      {answer ? null : <ErrorSummary errors={errors} title="The check could not run" />}
      {answer ? (
        <>
          <CheckResult answer={answer} lookAheadUntil={lookAheadUntil} />
          <form class="usa-form usa-form--large ag-noprint margin-top-3" method="post" action={`/officer/offers/${offer.id}/award`}>
            <Csrf token={csrf} />
            <IdempotencyKey />
            <input type="hidden" name="asOf" value={answer.asOf} />
            <input type="hidden" name="lookAheadUntil" value={lookAheadUntil ?? ''} />
            <h2>Record the award verification</h2>
            <ErrorSummary errors={errors} />
            <p>
              Stores this check as of {answer.asOf} as an immutable contract-file record, with your name and the time. Later changes in SPRS never alter
              it.
              {answer.eligible ? '' : ' The offer is not eligible: the record documents why it cannot receive the award (DFARS 204.7503(b)).'}
            </p>
            <ConfirmStep heading="A verification record is permanent" values={{}} errors={errors}>
              It records this verdict ({answer.eligible ? 'eligible' : 'not eligible'} for award, as of {answer.asOf}
              {lookAheadUntil ? `, warning of lapses before ${lookAheadUntil}` : ''}) in the contract file. It cannot be changed or deleted.
            </ConfirmStep>
            <Submit label="Record award verification" />
          </form>
        </>
      ) : null}
    </>
  );
}

export function OfferPage(p: {
  csrf: string | null;
  offer: Offer & { solicitation: Solicitation; awards: VerificationSummary[] };
  values: FormValues;
  errors: FormErrors;
  uidErrors?: FormErrors;
  uidValues?: FormValues;
  uidPreview?: UidPreview;
  answer: CheckAnswer | null;
  lookAheadUntil: string | null;
  saved?: string;
}) {
  const { offer } = p;
  const s = offer.solicitation;
  return (
    <>
      <BackLink href={`/officer/solicitations/${s.id}`}>Back to {s.number}</BackLink>
      <SlimAlert type="success" text={p.saved} />
      <h1>
        Offer from {offer.offerorName} on <span class="ag-mono">{s.number}</span>
      </h1>
      <FactList
        facts={[
          { term: 'CAGE', value: offer.cage, mono: true },
          { term: 'UEI', value: offer.uei, mono: true },
          { term: 'Required level', value: s.decision.requiredLevel ? LEVEL_LABEL[s.decision.requiredLevel] : 'None (see the solicitation)' },
          { term: 'UIDs listed', value: offer.uids.length ? offer.uids.join(', ') : 'none', mono: true },
        ]}
      />
      {offer.awards.length ? (
        <>
          <h2>Award verifications recorded</h2>
          <ul class="usa-list">
            {offer.awards.map((v) => (
              <li>
                <a href={`/officer/verifications/${v.id}`}>
                  {v.asOf}: {v.eligible ? 'eligible' : 'not eligible'}
                </a>{' '}
                (recorded by {v.recordedByEmail} at {v.recordedAt})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Check the offer</h2>
      <CheckDatesForm
        action={`/officer/offers/${offer.id}/check`}
        values={p.values}
        errors={p.errors}
        plannedHint={`YYYY-MM-DD; blank uses the planned award date${s.plannedAwardDate ? ` (${s.plannedAwardDate})` : ''}.`}
        submit="Run the check"
      />
      <div id="check-area" aria-live="polite">
        <OfferCheckArea csrf={p.csrf} offer={offer} answer={p.answer} lookAheadUntil={p.lookAheadUntil} errors={p.errors} />
      </div>
      <details class="ag-noprint margin-top-4">
        <summary>The offeror sent an updated UID list</summary>
        <form class="usa-form usa-form--large" method="post" action={`/officer/offers/${offer.id}/uids`} novalidate>
          <Csrf token={p.csrf} />
          <ErrorSummary errors={p.uidErrors ?? {}} />
          <UidPaste
            label="Updated CMMC UIDs (DFARS 252.204-7025(d))"
            hint={`${UID_HINT} It replaces the list above; recorded verifications keep the list they checked.`}
            rows={4}
            values={p.uidValues ?? { uids: offer.uids.join('\n') }}
            errors={p.uidErrors}
            preview={p.uidPreview ?? null}
          />
          <Submit label="Replace the UID list" secondary />
        </form>
      </details>
    </>
  );
}

export function ComparePage({ s, rows, values, errors }: { s: Solicitation; rows: { offer: Offer; answer: CheckAnswer }[]; values: FormValues; errors: FormErrors }) {
  const asOf = rows[0]?.answer.asOf;
  return (
    <>
      <BackLink href={`/officer/solicitations/${s.id}`}>Back to {s.number}</BackLink>
      <h1>Offers on {s.number} side by side</h1>
      <form class="usa-form usa-form--large ag-noprint" method="get" action={`/officer/solicitations/${s.id}/compare`} novalidate>
        <ErrorSummary errors={errors} />
        <div class="grid-row grid-gap">
          <div class="tablet:grid-col-6">
            <TextField name="asOf" label='Check "as of" date' hint="YYYY-MM-DD; blank means today." values={values} errors={errors} maxlength={10} />
          </div>
          <div class="tablet:grid-col-6">
            <TextField name="lookAheadUntil" label="Warn of lapses before" hint="YYYY-MM-DD; blank uses the planned award date." values={values} errors={errors} maxlength={10} />
          </div>
        </div>
        <Submit label="Compare" />
      </form>
      {rows.length ? (
        <div class="usa-table-container--scrollable" tabindex={0} role="region" aria-label="Offers compared">
          <table class="usa-table usa-table--borderless ag-compare">
            <caption>
              Every offer checked as of {asOf} against {s.decision.requiredLevel ? LEVEL_LABEL[s.decision.requiredLevel] : '—'}
            </caption>
            <thead>
              <tr>
                <td />
                {rows.map((r) => (
                  <th scope="col">
                    <a href={`/officer/offers/${r.offer.id}`}>{r.offer.offerorName}</a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Verdict</th>
                {rows.map((r) => (
                  <td>
                    <EligibleTag eligible={r.answer.eligible} />
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">CAGE / UEI</th>
                {rows.map((r) => (
                  <td class="ag-mono">
                    {r.offer.cage} / {r.offer.uei}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">UIDs</th>
                {rows.map((r) => (
                  <td>
                    {r.answer.uids.length ? (
                      <ul class="usa-list usa-list--unstyled">
                        {r.answer.uids.map((u) => (
                          <li>
                            <span class="ag-mono">{u.uid}</span> <MeetsTag meets={u.eligible} />{' '}
                            {u.status ? `${statusLabel(u.status.level, u.status.type)}, current through ${u.status.currentThrough ?? '—'}` : 'not found'}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      'none listed'
                    )}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Reasons</th>
                {rows.map((r) => {
                  const all = [...r.answer.reasons, ...r.answer.uids.flatMap((u) => u.reasons), ...r.answer.nist.flatMap((n) => n.reasons)];
                  return (
                    <td>
                      {all.length ? (
                        <ul class="usa-list usa-list--unstyled">
                          {all.map((x) => (
                            <li class="ag-reason">
                              <SeverityTag severity={x.severity} /> {x.message} <span class="ag-citation">{x.citation}</span>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        'None'
                      )}
                    </td>
                  );
                })}
              </tr>
              {s.nistApplies ? (
                <tr>
                  <th scope="row">NIST SP 800-171</th>
                  {rows.map((r) => (
                    <td>
                      {r.answer.nist.map((n) => (
                        <p>
                          <span class="ag-mono">{n.cage}</span>: {n.assessment ? `score ${n.assessment.score}, ${n.assessment.assessmentDate}, counts through ${n.assessment.validThrough}` : 'none posted'}
                        </p>
                      ))}
                    </td>
                  ))}
                </tr>
              ) : null}
              <tr>
                <th scope="row">Earliest lapse</th>
                {rows.map((r) => {
                  const dates = r.answer.uids.map((u) => u.status?.currentThrough).filter((d): d is string => !!d);
                  return <td class="ag-nowrap">{dates.length ? [...dates].sort()[0] : '—'}</td>;
                })}
              </tr>
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState>
          <p>
            No offer entered yet. <a href={`/officer/solicitations/${s.id}/offers/new`}>Enter an offer</a>.
          </p>
        </EmptyState>
      )}
    </>
  );
}
