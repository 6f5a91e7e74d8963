/**
 * The closeout form's route side, shared by the contractor's UID page and the assessor workspace:
 * who may close out is the service's (api.md closeouts); a closeout that leaves an item NOT MET ends
 * the status (32 CFR 170.21(b)), so the page asks for confirmation before the service records it.
 */
import type { FormValues } from '../../../views/components/form.js';
import { calendar } from '../../domain/calendar.js';
import { stillNotMetIn } from '../../domain/closeout.js';
import { requirementById } from '../../domain/requirements.js';
import { answersFromForm, ticked } from './form-values.js';
import { refuse } from './validator.js';

export const CONFIRM_FAILED_CLOSEOUT = 'Confirm that you understand this closeout fails and ends the status: tick "I understand this is permanent"';

/** The closeout results of a posted form; a failing one is refused until its confirmation is ticked. */
export function closeoutResults(v: FormValues): Record<string, string> {
  const results = answersFromForm(v);
  if (stillNotMetIn(results).length && !ticked(v.confirm)) throw refuse({ confirm: CONFIRM_FAILED_CLOSEOUT });
  return results;
}

/** What the closeout form shows: the period, and the posted answers still NOT MET by id and name (the confirmation's summary). */
export function closeoutFormFacts(answers: Record<string, string>) {
  return {
    period: calendar.validity.CONDITIONAL.days!,
    stillNotMet: stillNotMetIn(answers).map((id) => `${id} ${requirementById(id)?.name ?? ''}`.trim()),
  };
}
