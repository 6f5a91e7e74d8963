import { z } from 'zod';
import { CONFIRM_CHANGE_MESSAGE } from '../../../views/components/compliance-change.js';
import type { FormValues } from '../../../views/components/form.js';
import { ComplianceChangeInput } from '../../services/inputs.js';
import { one, opt } from './form-values.js';

/** The compliance-change form (rules §3.3): the change, and the confirmation that it ends the status. */
export const ComplianceChangeForm = ComplianceChangeInput.extend({ confirm: z.literal('on', { error: CONFIRM_CHANGE_MESSAGE }) });

export const complianceChangeInput = (v: FormValues) => ({ date: one(v.date), description: one(v.description), confirm: opt(v.confirm) });
