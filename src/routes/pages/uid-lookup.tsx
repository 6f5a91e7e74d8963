/**
 * The UID lookup (any signed-in user, within what each may see: rules §9): a UID opens its record,
 * a CAGE code or company name lists the UIDs found, each with its company (issue 10). Roles that record
 * compliance changes against any company's UID (DIBCAC, administrators) also get that form here;
 * contractors record theirs from their own UID page.
 */
import { Hono, type Context } from 'hono';
import { UidLookupPage, UidLookupResult } from '../../../views/pages/uid-lookup.js';
import { reachOf } from '../../domain/permissions.js';
import { isUid, normaliseId } from '../../domain/identifiers.js';
import { isEndingReason } from '../../domain/reasons.js';
import { feedHistory } from '../../services/emass/runs.js';
import { ServiceError } from '../../services/errors.js';
import { getRecord, recordComplianceChange } from '../../services/records.js';
import { companyOfUid, searchUids, UID_SEARCH_LIMIT } from '../../services/uid-search.js';
import { ComplianceChangeForm, complianceChangeInput } from './compliance-change.js';
import type { PagesEnv } from './env.js';
import { pageOrFragment, type View } from './render.js';
import { requireUser } from './session.js';
import { formValidator, type FormState } from './validator.js';

const ANY_COMPANY = 'any' as const;

async function lookupView(c: Context<PagesEnv>, uid: string, change: FormState | null): Promise<View> {
  let rec = null;
  let feed = null;
  let company = null;
  let found = null;
  const errors: Record<string, string> = {};
  if (uid && isUid(normaliseId(uid))) {
    try {
      rec = await getRecord(c.var.ctx, c.var.actor!, uid);
      // After getRecord, which has checked that this user may see the UID.
      feed = (await feedHistory(c.var.ctx, rec.uid))?.events ?? null;
      company = await companyOfUid(c.var.ctx, rec.uid);
    } catch (e) {
      // Not finding a UID is the lookup's answer, not a failure of the page.
      if (!(e instanceof ServiceError) || e.kind !== 'not_found') throw e;
      errors.uid = `No UID ${uid.toUpperCase()} that you may see.`;
    }
  } else if (uid) {
    found = { query: uid, limit: UID_SEARCH_LIMIT, ...(await searchUids(c.var.ctx, c.var.actor!, uid)) };
    if (!found.rows.length) errors.uid = `No UID that you may see belongs to or lists a company with CAGE code or name “${uid}”.`;
  }
  const form =
    reachOf(c.var.actor!.role, 'compliance-changes.add') === ANY_COMPANY
      ? {
          csrf: c.var.csrfToken,
          today: c.var.ctx.clock.today(),
          values: change?.values ?? {},
          errors: change?.errors ?? {},
          done: c.req.query('changed') === '1',
          ended: !!rec?.reasons.some((r) => isEndingReason(r.code)),
        }
      : null;
  return { title: 'UID lookup', page: <UidLookupPage uid={uid} rec={rec} company={company} found={found} errors={errors} change={form} feed={feed} />, fragment: <UidLookupResult rec={rec} company={company} found={found} errors={errors} feed={feed} /> };
}

export function uidLookupPages() {
  return new Hono<PagesEnv>()
    .get('/', requireUser(), async (c) => pageOrFragment(c, await lookupView(c, (c.req.query('uid') ?? '').trim(), null)))
    .post(
      '/:uid/compliance-change',
      requireUser('compliance-changes.add', ANY_COMPANY),
      formValidator(ComplianceChangeForm, complianceChangeInput, (c, form) => lookupView(c, c.req.param('uid') ?? '', form)),
      async (c) => {
        const { date, description } = c.req.valid('form').data;
        const r = await recordComplianceChange(c.var.ctx, c.var.actor!, c.req.param('uid'), { date, description });
        return c.redirect(`/uids?uid=${r.uid}&changed=1`, 303);
      },
    );
}
