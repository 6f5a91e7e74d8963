/** What the contractor workspace's pages share: the notices after a redirect, and the affirmation a form carries. */
import type { Context } from 'hono';
import type { FormValues } from '../../../../views/components/form.js';
import { officialAsAffirmation } from '../../../services/contractor.js';
import type { PagesEnv } from '../env.js';
import { one, opt } from '../form-values.js';

/** What a redirect after a successful write says (fixed texts: nothing from the query is echoed). */
const NOTICES: Record<string, string> = {
  posted: 'Submitted. The system assigned this UID and set the status date to today.',
  affirmed: 'Affirmed today. The affirmation holds for one year.',
  'closeout-success': 'POA&M closed out: the status is now Final, with the same UID and the same status date.',
  'closeout-failed': 'POA&M closeout recorded as failed: the Conditional status ended today.',
  changed: 'Change in compliance recorded: this UID is not current from the date of the change.',
  saved: 'Draft saved. It is not posted until you submit it.',
  'draft-deleted': 'Draft deleted.',
  'official-added': 'Affirming Official added.',
  'official-removed': 'Affirming Official removed.',
  engaged: 'C3PAO engaged: it may now post Level 2 (C3PAO) results for the company and close out its POA&Ms.',
  'nist-posted': 'NIST SP 800-171 DoD Assessment posted.',
};
export const notice = (c: Context<PagesEnv>) => NOTICES[c.req.query('done') ?? ''] ?? null;

/** An Affirming Official's fields as typed (blank optional ones left out). */
export const officialInput = (v: FormValues, prefix = '') => ({
  name: one(v[`${prefix}name`]),
  title: one(v[`${prefix}title`]),
  email: opt(v[`${prefix}email`]),
  phone: opt(v[`${prefix}phone`]),
});

/** The affirmation a form carries: an official on file, or the typed name/title/email. */
export async function affirmationFrom(c: Context<PagesEnv>, values: FormValues, prefix: string): Promise<unknown> {
  const id = one(values.officialId);
  if (id && id !== 'other') return officialAsAffirmation(c.var.ctx, c.var.actor!, Number(id));
  const { phone: _phone, ...typed } = officialInput(values, prefix);
  return typed;
}
