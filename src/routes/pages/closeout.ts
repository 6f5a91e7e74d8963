/**
 * The closeout form's route side, shared by the contractor's UID page and the assessor workspace:
 * who may close out is the service's (api.md closeouts); a closeout that leaves an item NOT MET ends
 * the status (32 CFR 170.21(b)), so the page asks for confirmation before the service records it.
 */
import type { FormValues } from '../../../views/components/form.js';
import { calendar } from '../../domain/calendar.js';
import { stillNotMetIn } from '../../domain/closeout.js';
import { requirementById } from '../../domain/requirements.js';
import { CONFIRM_FAILED_CLOSEOUT, requireConfirmed } from './confirmations.js';
import { answersFromForm } from './form-values.js';

/** The closeout results of a posted form; a failing one is refused until its confirmation is ticked. */
export function closeoutResults(v: FormValues): Record<string, string> {
  const results = answersFromForm(v);
  if (stillNotMetIn(results).length) requireConfirmed(v, CONFIRM_FAILED_CLOSEOUT);
  return results;
}

/** What the closeout form shows: the period, and the posted answers still NOT MET by id and name (the confirmation's summary). */
export function closeoutFormFacts(answers: Record<string, string>) {
  return {
    period: calendar.validity.CONDITIONAL.days!,
    stillNotMet: stillNotMetIn(answers).map((id) => `${id} ${requirementById(id)?.name ?? ''}`.trim()),
  };
}
