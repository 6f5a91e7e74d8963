/**
 * A new flowdown check (rules §7; 32 CFR 170.23): the prime's contract and level, the subcontractor,
 * what information flows, and the evidence (a signed attestation, verified; or facts typed from a
 * print-out or certificate, unverified). "Preview" evaluates without recording; the preview carries
 * the same inputs in a second form whose "Record this decision" makes the check immutable.
 */
import type { FlowdownMinimum } from '../../../src/domain/flowdown.js';
import { Csrf, ErrorSummary, SelectField, Submit, TextArea, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { FlowdownDecisionPanel, MinimumLevelHint, type FlowdownCheckView } from '../../components/flowdown.js';
import { RadioGroup } from '../../components/radios.js';
import { EVIDENCE_LABEL, INFORMATION_CHOICES, INFORMATION_LABEL, LEVEL_CHOICES, LEVEL_LABEL, STATUS_TYPE_CHOICES, STATUS_TYPE_LABEL } from '../../labels.js';

const TYPED_KINDS = ['SPRS_PRINTOUT', 'CERTIFICATE', 'OTHER'] as const;

/** Hidden copies of what was previewed, so "Record this decision" records exactly that. */
function HiddenValues({ values }: { values: FormValues }) {
  return (
    <>
      {Object.entries(values).flatMap(([k, v]) =>
        k === 'record' || v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => <input type="hidden" name={k} value={x} />),
      )}
    </>
  );
}

export function FlowdownPreview({ csrf, values, preview }: { csrf: string | null; values: FormValues; preview: FlowdownCheckView }) {
  return (
    <section id="flowdown-preview" class="margin-top-4" aria-label="Preview of the decision">
      <p class="usa-hint">Preview: nothing is recorded yet.</p>
      <FlowdownDecisionPanel check={preview} focus />
      {/* A plain POST (no htmx): recording answers with a redirect to the recorded check. */}
      <form method="post" action="/flowdown/new" class="margin-top-2">
        <Csrf token={csrf} />
        <HiddenValues values={values} />
        <input type="hidden" name="record" value="1" />
        <p>Recording makes this check immutable, with you as the decider and now as the time. A different decision later is a new check.</p>
        <button type="submit" class="usa-button">
          Record this decision
        </button>
      </form>
    </section>
  );
}

export function FlowdownCheckWorkspace(p: { csrf: string | null; values: FormValues; errors: FormErrors; minimum: FlowdownMinimum | null; preview: FlowdownCheckView | null; today: string }) {
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
          <div hx-get="/flowdown/minimum" hx-trigger="change" hx-target="#minimum-hint" hx-swap="outerHTML" hx-include="[name='primeLevel'],[name='information']">
            <SelectField name="primeLevel" label="CMMC level your prime contract requires" empty="- Choose -" options={LEVEL_CHOICES.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))} values={v} errors={p.errors} required />
            <SelectField
              name="information"
              label="The subcontractor's systems will process, store or transmit"
              empty="- Choose -"
              options={INFORMATION_CHOICES.map((i) => ({ value: i, label: INFORMATION_LABEL[i] }))}
              values={v}
              errors={p.errors}
              required
            />
          </div>
          <MinimumLevelHint minimum={p.minimum} />
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
        </fieldset>
        <fieldset class="usa-fieldset">
          <legend class="usa-legend">Typed evidence (unverified)</legend>
          <SelectField name="evidence.kind" label="Kind of evidence" empty="- Choose -" options={TYPED_KINDS.map((k) => ({ value: k, label: EVIDENCE_LABEL[k] }))} values={v} errors={p.errors} />
          <TextField name="evidence.reference" label="Reference (optional)" hint="Certificate number, print-out date, …" values={v} errors={p.errors} maxlength={500} />
          <TextField name="evidence.uids" label="UIDs of the sub's systems in this subcontract" hint="Separate with spaces or commas" values={v} errors={p.errors} />
          <SelectField name="evidence.level" label="Level shown" empty="- Choose -" options={LEVEL_CHOICES.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))} values={v} errors={p.errors} />
          <SelectField name="evidence.type" label="Status shown" empty="- Choose -" options={STATUS_TYPE_CHOICES.map((t) => ({ value: t, label: STATUS_TYPE_LABEL[t] }))} values={v} errors={p.errors} />
          <TextField name="evidence.statusDate" label="Status date shown" hint="YYYY-MM-DD" values={v} errors={p.errors} maxlength={10} />
          <TextField name="evidence.affirmationDate" label="Latest affirmation date shown" hint="YYYY-MM-DD; blank when none is shown" values={v} errors={p.errors} maxlength={10} />
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
