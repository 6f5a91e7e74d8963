/**
 * A new flowdown check (rules §7; 32 CFR 170.23): the prime's contract and level, the subcontractor,
 * what information flows, and the evidence (a signed attestation, verified; or facts typed from a
 * print-out or certificate, unverified). "Preview" evaluates without recording; the preview carries
 * the same inputs in a second form whose "Record this decision" makes the check immutable.
 */
import type { FlowdownMinimum } from '../../../src/domain/flowdown.js';
import { Checkbox, Csrf, IdempotencyKey, ErrorSummary, SelectField, Submit, TextArea, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { FlowdownDecisionPanel, MinimumLevelHint, type FlowdownCheckView } from '../../components/flowdown.js';
import { HiddenValues } from '../../components/second-step.js';
import { RadioGroup } from '../../components/radios.js';
import { EVIDENCE_LABEL, INFORMATION_LABEL, labelOptions, LEVEL_LABEL, NIST_CONFIDENCE_LABEL, STATUS_TYPE_LABEL } from '../../labels.js';

const TYPED_KINDS = ['SPRS_PRINTOUT', 'CERTIFICATE', 'OTHER'] as const;

export function FlowdownPreview({ csrf, values, preview }: { csrf: string | null; values: FormValues; preview: FlowdownCheckView }) {
  return (
    <section id="flowdown-preview" class="margin-top-4" aria-label="Preview of the decision">
      <p class="usa-hint">Preview: nothing is recorded yet.</p>
      <FlowdownDecisionPanel check={preview} focus />
      {/* A plain POST (no htmx): recording answers with a redirect to the recorded check. */}
      <form method="post" action="/flowdown/new" class="margin-top-2">
        <Csrf token={csrf} />
        <IdempotencyKey />
        <HiddenValues values={values} skip={['record']} />
        <input type="hidden" name="record" value="1" />
        <p>Recording makes this check immutable, with you as the decider and now as the time. A different decision later is a new check.</p>
        <button type="submit" class="usa-button">
          Record this decision
        </button>
      </form>
    </section>
  );
}

/** The two tests beside the level table, in users' words (rules §7), with the calendar's citations. */
export interface FlowdownTestCitations {
  cots: string;
  nist: string;
}

function TwoMoreTests({ citations }: { citations: FlowdownTestCitations }) {
  return (
    <div class="usa-summary-box margin-y-2" id="flowdown-tests">
      <div class="usa-summary-box__body">
        <h2 class="usa-summary-box__heading">Two more things to check before you award</h2>
        <div class="usa-summary-box__text">
          <p class="margin-y-05">
            <strong>Only off-the-shelf items?</strong> When the subcontract is solely for commercially available off-the-shelf (COTS) items, no CMMC level flows
            down and the NIST test below does not apply. <span class="ag-citation">{citations.cots}</span>
          </p>
          <p class="margin-y-05">
            <strong>Subject to DFARS 252.204-7012?</strong> Then you may not award unless the subcontractor has a NIST SP 800-171 DoD Assessment (Basic, Medium or
            High) covering its CAGE code, dated within the last 3 years of the decision date, the last day included. This applies even when no FCI or CUI flows
            to the sub. AwardGate checks the assessment per CAGE code: the one that covers the subcontractor's CAGE counts. <span class="ag-citation">{citations.nist}</span>
          </p>
        </div>
      </div>
    </div>
  );
}

/** With an attestation previewed: the attested UIDs as checkboxes, all by default; those left out are recorded as not relied on (issue 10). */
function AttestedUidChoice({ preview, values, errors }: { preview: FlowdownCheckView | null; values: FormValues; errors: FormErrors }) {
  const signed = preview?.evidence.attestation?.signedFacts;
  if (!signed || signed.length < 2) return null;
  const chosen = values.uidsChosen === '1' ? values : { uids: signed.map((f) => f.uid) };
  return (
    <fieldset class={`usa-fieldset usa-form-group${errors.uids ? ' usa-form-group--error' : ''}`} id="f-uids">
      <legend class="usa-legend">UIDs this subcontract uses</legend>
      <span class="usa-hint">The attestation covers {signed.length} UIDs. Untick those the subcontract does not use and preview again: they are recorded as not relied on.</span>
      {errors.uids ? (
        <span class="usa-error-message" role="alert">
          {errors.uids}
        </span>
      ) : null}
      <input type="hidden" name="uidsChosen" value="1" />
      {signed.map((f) => (
        <Checkbox name="uids" value={f.uid} label={f.uid} hint={`${LEVEL_LABEL[f.level]} · ${STATUS_TYPE_LABEL[f.type]} · status date ${f.statusDate}`} values={chosen} />
      ))}
    </fieldset>
  );
}

export function FlowdownCheckWorkspace(p: {
  csrf: string | null;
  values: FormValues;
  errors: FormErrors;
  minimum: FlowdownMinimum | null;
  preview: FlowdownCheckView | null;
  today: string;
  citations: FlowdownTestCitations;
}) {
  const v = p.values;
  return (
    <div id="flowdown-workspace">
      <ErrorSummary errors={p.errors} />
      <form
        class="usa-form usa-form--large"
        method="post"
        action="/flowdown/new"
        hx-post="/flowdown/new"
        hx-target="#flowdown-workspace"
        hx-swap="outerHTML"
        hx-disabled-elt="find button[type=submit]"
        novalidate
      >
        <Csrf token={p.csrf} />
        <fieldset class="usa-fieldset">
          <legend class="usa-legend usa-legend--large">Prime contract</legend>
          <TextField name="primeContractNumber" label="Prime contract number" hint="As on your contract, for example W912DY-26-C-0001" values={v} errors={p.errors} required maxlength={60} />
          {/* Either select changing asks the server for the rules §7 row (the hint below); the full form still posts without JavaScript. */}
          <div hx-get="/flowdown/minimum" hx-trigger="change" hx-target="#minimum-hint" hx-swap="outerHTML" hx-include="[name='primeLevel'],[name='information'],[name='cotsOnly']">
            <SelectField name="primeLevel" label="CMMC level your prime contract requires" empty="- Choose -" options={labelOptions(LEVEL_LABEL)} values={v} errors={p.errors} required />
            <SelectField name="information" label="The subcontractor's systems will process, store or transmit" empty="- Choose -" options={labelOptions(INFORMATION_LABEL)} values={v} errors={p.errors} required />
            <Checkbox name="cotsOnly" value="on" label="The subcontract is solely for commercially available off-the-shelf (COTS) items" values={v} />
          </div>
          <MinimumLevelHint minimum={p.minimum} />
          <TwoMoreTests citations={p.citations} />
          <Checkbox name="nist7012" value="on" label="The subcontract is subject to DFARS 252.204-7012 (the sub's NIST SP 800-171 assessment is checked)" values={v} />
        </fieldset>
        <fieldset class="usa-fieldset">
          <legend class="usa-legend usa-legend--large">Subcontractor</legend>
          <TextField name="subcontractor.cage" label="Subcontractor's CAGE code" hint="5 characters" values={v} errors={p.errors} required maxlength={5} autocomplete="off" />
          <TextField name="subcontractor.name" label="Subcontractor's name" values={v} errors={p.errors} required maxlength={200} />
        </fieldset>
        <fieldset class="usa-fieldset">
          <legend class="usa-legend usa-legend--large">Decision</legend>
          <TextField name="asOf" label="Decide as of (optional)" hint={`YYYY-MM-DD; blank means today (${p.today})`} values={v} errors={p.errors} maxlength={10} />
          <TextField name="lookAheadDays" label="Look-ahead (days, optional)" hint="Warn when the sub's status lapses within this many days; 60 when blank" type="number" inputmode="numeric" values={v} errors={p.errors} />
          <TextField name="lookAheadUntil" label="The subcontract's next milestone (optional)" hint="YYYY-MM-DD of the next option or period: the re-check list names the sub when its status or NIST assessment lapses before it" values={v} errors={p.errors} maxlength={10} />
        </fieldset>
        <RadioGroup
          name="evidenceSource"
          legend="Evidence from the subcontractor"
          fallback="ATTESTATION"
          values={v}
          errors={p.errors}
          options={[
            { value: 'ATTESTATION', label: 'A signed status attestation', hint: 'Verified here: the facts come from the sub’s own records.' },
            { value: 'TYPED', label: 'Facts typed from a print-out or certificate', hint: 'Recorded as unverified.' },
            { value: 'NONE', label: 'No evidence', hint: 'Only when the sub handles neither FCI nor CUI.' },
          ]}
        />
        <fieldset class="usa-fieldset">
          <legend class="usa-legend">Signed status attestation</legend>
          <TextArea name="attestation" label="Paste the attestation token" hint="The token the subcontractor issued you (header.payload.signature)" values={v} errors={p.errors} rows={5} />
          <AttestedUidChoice preview={p.preview} values={v} errors={p.errors} />
        </fieldset>
        <fieldset class="usa-fieldset">
          <legend class="usa-legend">Typed evidence (unverified)</legend>
          <SelectField name="evidence.kind" label="Kind of evidence" empty="- Choose -" options={labelOptions(EVIDENCE_LABEL, TYPED_KINDS)} values={v} errors={p.errors} />
          <TextField name="evidence.reference" label="Reference (optional)" hint="Certificate number, print-out date, …" values={v} errors={p.errors} maxlength={500} />
          <TextField name="evidence.uids" label="UIDs of the sub's systems in this subcontract" hint="Separate with spaces or commas" values={v} errors={p.errors} />
          <SelectField name="evidence.level" label="Level shown" empty="- Choose -" options={labelOptions(LEVEL_LABEL)} values={v} errors={p.errors} />
          <SelectField name="evidence.type" label="Status shown" empty="- Choose -" options={labelOptions(STATUS_TYPE_LABEL)} values={v} errors={p.errors} />
          <TextField name="evidence.statusDate" label="Status date shown" hint="YYYY-MM-DD" values={v} errors={p.errors} maxlength={10} />
          <TextField name="evidence.affirmationDate" label="Latest affirmation date shown" hint="YYYY-MM-DD; blank when none is shown" values={v} errors={p.errors} maxlength={10} />
          <SelectField name="evidence.nist.confidence" label="NIST SP 800-171 assessment shown (for DFARS 252.204-7012)" empty="- None shown -" options={labelOptions(NIST_CONFIDENCE_LABEL)} values={v} errors={p.errors} />
          <TextField name="evidence.nist.assessmentDate" label="Assessment date shown" hint="YYYY-MM-DD" values={v} errors={p.errors} maxlength={10} />
          <TextField name="evidence.nist.score" label="Summary score shown" hint="−203 to 110" inputmode="numeric" values={v} errors={p.errors} maxlength={4} />
        </fieldset>
        <Submit label="Preview the decision" />
      </form>
      {p.preview ? <FlowdownPreview csrf={p.csrf} values={p.values} preview={p.preview} /> : null}
    </div>
  );
}

export function NewFlowdownCheckPage(p: Parameters<typeof FlowdownCheckWorkspace>[0]) {
  return (
    <>
      <h1>New flowdown check</h1>
      <p class="usa-intro">
        Before you award a subcontract, check that the subcontractor holds the CMMC level that flows down to it (32 CFR 170.23; DFARS 252.204-7021(d)(1)(ii)). Preview
        the decision with every reason, then record it.
      </p>
      <FlowdownCheckWorkspace {...p} />
    </>
  );
}
