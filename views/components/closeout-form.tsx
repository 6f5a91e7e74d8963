/**
 * The POA&M closeout form (32 CFR 170.21(b)): the contractor's for Level 2 (Self), the engaged
 * C3PAO's, DIBCAC's or an administrator's for the levels they post (api.md closeouts). A closeout
 * with an item still NOT MET ends the status, so it asks for confirmation first.
 */
import type { Level } from '../../src/domain/levels.js';
import { AffirmationFields, AffirmationStatement, type OfficialOption } from './affirmation-fields.js';
import { ConfirmStep } from './confirm-step.js';
import { Csrf, IdempotencyKey, ErrorSummary, Submit, type FormErrors, type FormValues } from './form.js';
import { RequirementTables } from './requirements-form.js';

export interface CloseoutFormProps {
  action: string;
  uid: string;
  level: Level;
  poam: string[];
  statusDate: string;
  closeoutBy: string;
  daysLeft: number;
  /** The Conditional period in days (32 CFR 170.21(b)). */
  period: number;
  csrf: string | null;
  values: FormValues;
  errors: FormErrors;
  answers: Record<string, string>;
  /** Requirements the posted answers leave NOT MET ("id name"): when set, the form shows the confirmation step. */
  stillNotMet: string[];
  /** The company's own closeout may carry the Affirming Official's affirmation. */
  affirm?: { officials: OfficialOption[]; statement: string };
}

export function CloseoutForm(p: CloseoutFormProps) {
  const period = p.period;
  return (
    <>
      <p>
        Close out by <strong>{p.closeoutBy}</strong>: <strong id="closeout-days-left">{p.daysLeft}</strong> {p.daysLeft === 1 ? 'day' : 'days'} left of {period}. A
        closeout happens once: all items MET (or N/A) makes the status Final with the same UID and the same status date ({p.statusDate}); any item still NOT MET
        ends the status today.
      </p>
      <form method="post" action={p.action} class="usa-form maxw-full" novalidate>
        <Csrf token={p.csrf} />
        <IdempotencyKey />
        <ErrorSummary errors={p.errors} />
        <RequirementTables level={p.level} only={p.poam.length ? p.poam : undefined} answers={p.answers} errors={p.errors} />
        {p.affirm ? (
          <fieldset class="usa-fieldset margin-top-2">
            <legend class="usa-legend">Affirm with the closeout (recommended)</legend>
            <p class="usa-hint">The Final status needs an affirmation dated on or after the closeout.</p>
            <AffirmationStatement text={p.affirm.statement} />
            <div class="usa-checkbox">
              <input class="usa-checkbox__input" id="f-closeout-affirmNow" type="checkbox" name="affirmNow" value="on" checked={p.values.affirmNow === 'on'} />
              <label class="usa-checkbox__label" for="f-closeout-affirmNow">
                I am the Affirming Official and I affirm the statement above
              </label>
            </div>
            <AffirmationFields officials={p.affirm.officials} values={p.values} errors={p.errors} prefix="affirmation." />
          </fieldset>
        ) : null}
        {p.stillNotMet.length ? (
          <ConfirmStep heading="This closeout fails and ends the status" values={p.values} errors={p.errors}>
            Still NOT MET: {p.stillNotMet.join('; ')}. Recording it ends UID {p.uid} today; the
            closeout cannot be repeated and a new assessment is needed.
          </ConfirmStep>
        ) : null}
        <Submit label={p.stillNotMet.length ? 'Record the failed closeout' : 'Record the closeout'} />
      </form>
    </>
  );
}
