/** Recorded verifications (DFARS 204.7503): the list (filtered, sorted, paged, CSV), one record, its print-ready contract-file record and CSV. */
import { Hono, type Context } from 'hono';
import { VerificationListPage, VerificationPage, VerificationPrintPage } from '../../../../views/pages/officer/verifications.js';
import { reconstructedOn } from '../../../domain/recording-dates.js';
import { PURPOSES, type Purpose } from '../../../domain/levels.js';
import { getVerification } from '../../../services/checks.js';
import { listVerificationSummaries, VERIFICATION_SORTS, verificationCsv, verificationLinks, verificationsCsv } from '../../../services/verification-records.js';
import { csvAttachment } from '../csv.js';
import type { PagesEnv } from '../env.js';
import { baseOf, listQuery, queryOf } from '../paging.js';

/** The list's filter, order (newest first unless chosen) and page as the query gives them. */
function verificationQuery(c: Context<PagesEnv>) {
  const q = queryOf(c);
  const purpose = (PURPOSES as readonly string[]).includes(q('purpose') ?? '') ? (q('purpose') as Purpose) : null;
  return { number: q('number') ?? '', purpose, ...listQuery(c, VERIFICATION_SORTS, 'recordedAt', 'desc') };
}

/** The day a reconstruction was recorded (its "as of" date is earlier), else null. */
const reconstructedIn = (c: Context<PagesEnv>, v: { asOf: string; recordedAt: string }) => reconstructedOn(v, c.var.ctx.clock.zone, c.var.ctx.clock.today());

const UUID = ':vid{[0-9a-fA-F-]{36}}';

export function verificationPages() {
  return new Hono<PagesEnv>()
    .get('/', async (c) => {
      const { paging, ...f } = verificationQuery(c);
      const { rows, total } = await listVerificationSummaries(c.var.ctx, c.var.actor!, { number: f.number, purpose: f.purpose, ...f.sort, offset: paging.offset, limit: paging.pageSize });
      const filter = { number: f.number, purpose: f.purpose ?? '' };
      const exportHref = `/officer/verifications/export?${new URLSearchParams(filter)}`;
      return c.render(<VerificationListPage rows={rows} paging={{ ...paging, total }} sort={f.sort} filter={filter} base={baseOf(c)} exportHref={exportHref} />, { title: 'Recorded verifications' });
    })
    .get('/export', async (c) => {
      const f = verificationQuery(c);
      const { rows } = await listVerificationSummaries(c.var.ctx, c.var.actor!, { number: f.number, purpose: f.purpose, ...f.sort, offset: 0, limit: 100_000 });
      return csvAttachment(c, verificationsCsv(rows, c.var.ctx.clock.zone, c.var.ctx.clock.today()), `verifications-${c.var.ctx.clock.today()}.csv`);
    })
    .get(`/${UUID}`, async (c) => {
      const v = await getVerification(c.var.ctx, c.var.actor!, c.req.param('vid'));
      const links = await verificationLinks(c.var.ctx, v.verificationId);
      return c.render(<VerificationPage v={v} links={links} recorded={c.req.query('recorded') === '1'} reconstructedOn={reconstructedIn(c, v)} />, { title: `Verification ${v.contractNumber ?? v.solicitationNumber ?? ''}` });
    })
    .get(`/${UUID}/print`, async (c) => {
      const v = await getVerification(c.var.ctx, c.var.actor!, c.req.param('vid'));
      const links = await verificationLinks(c.var.ctx, v.verificationId);
      return c.render(<VerificationPrintPage v={v} links={links} reconstructedOn={reconstructedIn(c, v)} />, { title: `Contract-file record ${v.verificationId}` });
    })
    .get(`/${UUID}/export`, async (c) => {
      const v = await getVerification(c.var.ctx, c.var.actor!, c.req.param('vid'));
      return csvAttachment(c, verificationCsv(v, c.var.ctx.clock.zone, c.var.ctx.clock.today()), `verification-${v.verificationId}.csv`);
    });
}
