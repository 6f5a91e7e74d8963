/**
 * Level 1 / Level 2 self-assessment form (rules §6). Works without JavaScript: "Update score" and
 * "Mark all remaining as MET" post the whole form and the page comes back with the preview. With
 * htmx every change posts the form to the preview endpoint, which answers the score panel only.
 */
import type { SelfLevel } from '../../../src/services/contractor.js';
import { AffirmationFields, AffirmationStatement, type OfficialOption } from '../../components/affirmation-fields.js';
import { Notice } from '../../components/alerts.js';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/form.js';
import { ConfirmStep } from '../../components/confirm-step.js';
import { RequirementTables } from '../../components/requirements-form.js';
import { ScoreButtons, ScoredForm, type ScoredFormState } from '../../components/scored-form.js';
import { LEVEL_LABEL, requirementsFor, SCORE_THRESHOLDS } from '../../labels.js';

export const NEW_ENCLAVE = '__new_enclave';

export interface SelfAssessmentPageProps extends ScoredFormState {
  level: SelfLevel;
  draftId: number | null;
  hierarchy: { cage: string; name: string }[];
  scopeNames: string[];
  officials: OfficialOption[];
  statement: string;
  notice?: string | null;
}

export function SelfAssessmentPage(p: SelfAssessmentPageProps) {
  const n = requirementsFor(p.level).length;
  const scopeOptions = [
    ...(p.scopeNames.some((s) => s.trim().toLowerCase() === 'enterprise') ? [] : [{ value: 'Enterprise', label: 'Enterprise (the whole company network)' }]),
    ...p.scopeNames.map((s) => ({ value: s, label: s })),
    { value: NEW_ENCLAVE, label: 'A new enclave (name it below)' },
  ];
  return (
    <>
      <h1>{LEVEL_LABEL[p.level]} self-assessment</h1>
      <p class="usa-intro">
        Answer each of the {n} requirements {p.level === 'L2_SELF' ? 'MET, NOT MET, N/A or — for 3.5.3 and 3.13.11 only — PARTIAL' : 'MET, NOT MET or N/A'}. N/A
        counts as MET. {p.level === 'L2_SELF' ? `A score of ${SCORE_THRESHOLDS.L2_MAX_SCORE} is Final; ${SCORE_THRESHOLDS.L2_CONDITIONAL_MIN_SCORE} or more with every gap POA&M-eligible is Conditional.` : 'Every requirement must be met for a Final status; Level 1 has no POA&M.'}{' '}
        The system assigns the UID and sets the status date (today) when you submit.
      </p>
      <Notice text={p.notice} />
      <ScoredForm id="assessment-form" action="/company/assessments/new" previewAction="/company/assessments/preview" level={p.level} csrf={p.csrf} errors={p.errors} preview={p.preview} hidden={p.draftId ? <input type="hidden" name="draftId" value={String(p.draftId)} /> : null}>
        <fieldset class="usa-fieldset">
          <legend class="usa-legend usa-legend--large">Assessment scope</legend>
          <SelectField name="scopeChoice" label="Scope" values={p.values} errors={p.errors} options={scopeOptions} hint="Assessing an existing scope again supersedes its previous UID of this level family." />
          <TextField name="enclaveName" label="Enclave name (for a new enclave)" values={p.values} errors={p.errors} hint="For example: engineering CUI enclave" />
          <TextArea name="scopeDescription" label="Description (optional)" values={p.values} errors={p.errors} rows={2} />
          <fieldset class="usa-fieldset" id="f-cages">
            <legend class="usa-legend">CAGE codes in scope</legend>
            {p.errors.cages ? <span class="usa-error-message">{p.errors.cages}</span> : null}
            {p.hierarchy.map((c) => (
              <Checkbox name="cages" value={c.cage} label={`${c.cage} · ${c.name}`} values={p.values} />
            ))}
          </fieldset>
        </fieldset>

        <h2 class="margin-top-4">Requirements</h2>
        <p class="usa-hint">Nothing is pre-answered. Answer each one, or answer the gaps and mark the rest MET in one go.</p>
        <ScoreButtons />
        <RequirementTables level={p.level} answers={p.answers} errors={p.errors} showMissing={p.showMissing} />

        <fieldset class="usa-fieldset margin-top-4">
          <legend class="usa-legend usa-legend--large">Affirm now (optional)</legend>
          <p class="usa-hint">A status is not current until the Affirming Official affirms it. You can affirm here with the submission or later from the UID's page.</p>
          <AffirmationStatement text={p.statement} />
          <div class="usa-checkbox">
            <input class="usa-checkbox__input" id="f-affirmNow" type="checkbox" name="affirmNow" value="on" checked={p.values.affirmNow === 'on'} />
            <label class="usa-checkbox__label" for="f-affirmNow">
              I am the Affirming Official and I affirm the statement above for this assessment
            </label>
          </div>
          <AffirmationFields officials={p.officials} values={p.values} errors={p.errors} prefix="affirmation." />
        </fieldset>

        {p.preview.complete && p.preview.type === 'NONE' ? (
          <ConfirmStep heading="This assessment posts No CMMC Status" values={p.values} errors={p.errors}>
            {p.preview.explanation} Submitting records it permanently under a new UID: it is not eligible for any award, and only a new assessment changes
            that. Save it as a draft instead if you are still working on the gaps.
          </ConfirmStep>
        ) : null}
        <div class="usa-button-group margin-top-3">
          <button type="submit" name="action" value="submit" class="usa-button" id="submit-assessment">
            Submit assessment
          </button>
          <button type="submit" name="action" value="save" class="usa-button usa-button--outline" id="save-draft">
            Save draft
          </button>
        </div>
      </ScoredForm>
    </>
  );
}
