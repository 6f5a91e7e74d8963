import { z } from 'zod';
import type { FormValues } from '../../../views/components/form.js';
import { NistAssessmentInput } from '../../services/inputs.js';
import { one } from './form-values.js';

/** A typed summary score: blank stays undefined, anything but a whole number is NaN (the schema says which). */
export const typedScore = (v: FormValues[string]) => {
  const s = one(v).trim();
  return s === '' ? undefined : /^-?\d+$/.test(s) ? Number(s) : NaN;
};

/** The posting's score with the form's own message for a score left blank or not a whole number. */
export const scoreField = (blank: string, notWhole: string) =>
  z.number({ error: (i) => (i.input === undefined ? blank : notWhole) }).pipe(NistAssessmentInput.shape.score);
