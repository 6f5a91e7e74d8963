import type { Context } from 'hono';
import type { FormValues } from '../../../../views/components/form.js';
import type { PagesEnv } from '../env.js';
import { opt } from '../form-values.js';

/** Every check of the workspace has an "as of" date (blank: today) and an optional look-ahead date. */
export const datesInput = (v: FormValues) => ({ asOf: opt(v.asOf) ?? null, lookAheadUntil: opt(v.lookAheadUntil) ?? null });

/** The record an officer route is about (`:id` in its path). */
export const idOf = (c: Context<PagesEnv>) => Number(c.req.param('id'));
