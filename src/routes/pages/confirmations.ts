/**
 * The confirmation steps before what cannot be undone (issue 10): the form shows the step
 * (views/components/confirm-step.tsx) and the route refuses the post, with the form's values kept,
 * until "I understand this is permanent" is ticked. Plain form posts, so it works without JavaScript.
 */
import type { FormValues } from '../../../views/components/form.js';
import { ticked } from './form-values.js';
import { refuse } from './validator.js';

const TICK = 'tick "I understand this is permanent"';

export const CONFIRM_FAILED_CLOSEOUT = `Confirm that you understand this closeout fails and ends the status: ${TICK}`;
export const CONFIRM_NO_STATUS = `Confirm that you understand this assessment posts No CMMC Status: ${TICK}`;
export const CONFIRM_AFFIRMATION = `Confirm that you understand the affirmation is permanent: ${TICK}`;
export const CONFIRM_RECORDING = `Confirm that you understand the verification record is permanent: ${TICK}`;

/** Refuses the post (back to its form with `message` on the checkbox) unless the confirmation was ticked. */
export function requireConfirmed(values: FormValues, message: string): void {
  if (!ticked(values.confirm)) throw refuse({ confirm: message });
}
