/**
 * A NIST SP 800-171 DoD Assessment posting (rules §6; DFARS 252.204-7019/7020): CAGE codes
 * covered, plan description, assessment date, summary score, the date 110 is expected, confidence.
 * The contractor posts Basic for its own CAGE codes; DIBCAC posts Medium/High for any company.
 */
import type { NistConfidence } from '../../src/domain/levels.js';
import { labelOptions, NIST_CONFIDENCE_DESCRIPTION } from '../labels.js';
import { Checkbox, Csrf, IdempotencyKey, ErrorSummary, SelectField, Submit, TextArea, TextField, type FormErrors, type FormValues } from './form.js';

export interface NistFormProps {
  action: string;
  csrf: string | null;
  values: FormValues;
  errors: FormErrors;
  confidences: NistConfidence[];
  /** Contractor: its CAGE hierarchy as checkboxes. Assessor: null (company and CAGE codes typed). */
  hierarchy: { cage: string; name: string }[] | null;
  /** Contractor: Level 2 answers the score may be taken from (`draft:<id>` / `uid:<UID>`). */
  scoreSources?: { value: string; label: string }[];
}

export function NistForm(p: NistFormProps) {
  return (
    <form method="post" action={p.action} class="usa-form usa-form--large" novalidate>
      <Csrf token={p.csrf} />
      <IdempotencyKey />
      <ErrorSummary errors={p.errors} />
      {p.hierarchy ? (
        <fieldset class="usa-fieldset" id="f-cages">
          <legend class="usa-legend">CAGE codes this plan covers</legend>
          {p.errors.cages ? <span class="usa-error-message">{p.errors.cages}</span> : null}
          {p.hierarchy.map((c) => (
            <Checkbox name="cages" value={c.cage} label={`${c.cage} · ${c.name}`} values={p.values} />
          ))}
        </fieldset>
      ) : (
        <>
          <TextField name="companyCage" label="Company CAGE code" values={p.values} errors={p.errors} required maxlength={5} class="usa-input--small" />
          <TextField name="cages" label="CAGE codes this plan covers" hint="Separate with commas or spaces; blank means the company CAGE code." values={p.values} errors={p.errors} />
        </>
      )}
      {p.confidences.length > 1 ? (
        <SelectField name="confidence" label="Confidence" values={p.values} errors={p.errors} options={labelOptions(NIST_CONFIDENCE_DESCRIPTION, p.confidences)} required />
      ) : (
        <p>
          Confidence: <strong>{NIST_CONFIDENCE_DESCRIPTION[p.confidences[0]]}</strong>
          <input type="hidden" name="confidence" value={p.confidences[0]} />
        </p>
      )}
      <TextField name="standard" label="Standard and version" values={p.values} errors={p.errors} />
      {p.hierarchy ? null : <TextField name="assessingOrganization" label="Assessing organization" values={p.values} errors={p.errors} />}
      <TextArea name="planDescription" label="System security plan description" hint="Needed when the company has more than one plan." values={p.values} errors={p.errors} rows={2} />
      <TextField name="assessmentDate" label="Assessment date" hint="YYYY-MM-DD; today or earlier." maxlength={10} values={p.values} errors={p.errors} required />
      {p.scoreSources?.length ? (
        <SelectField name="scoreFrom" label="Take the score from" hint="Same 110-point methodology as Level 2 (32 CFR 170.24): a complete Level 2 draft or a posted Level 2 record gives the score." values={p.values} errors={p.errors} empty="No — I type the score below" options={p.scoreSources} />
      ) : null}
      <TextField name="score" label="Summary score" type="number" hint="−203 to 110" values={p.values} errors={p.errors} inputmode="numeric" class="usa-input--small" />
      <TextField name="fullImplementationDate" label="Date a score of 110 is expected" hint="YYYY-MM-DD; required when the score is below 110." maxlength={10} values={p.values} errors={p.errors} />
      <Submit label="Post the NIST SP 800-171 score" />
    </form>
  );
}
