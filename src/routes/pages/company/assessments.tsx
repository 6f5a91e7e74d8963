/** The company's assessments: posted records (sortable, paged), drafts, and NIST SP 800-171 scores. */
import { Hono } from 'hono';
import { AssessmentsPage, RECORD_SORTS, type RecordSort } from '../../../../views/pages/company/assessments.js';
import { Notice } from '../../../../views/components/alerts.js';
import { LEVEL_RANK } from '../../../domain/levels.js';
import { companyHloOf, companyRecords } from '../../../services/contractor.js';
import { listDrafts } from '../../../services/drafts.js';
import { listNistAssessments } from '../../../services/nist-postings.js';
import type { PresentedRecord } from '../../../services/records.js';
import type { PagesEnv } from '../env.js';
import { pageOf, parseSort, queryOf, sortBy } from '../paging.js';
import { notice } from './shared.js';

export function assessmentListPages() {
  return new Hono<PagesEnv>().get('/', async (c) => {
    const actor = c.var.actor!;
    const [records, drafts, nist] = await Promise.all([companyRecords(c.var.ctx, actor), listDrafts(c.var.ctx, actor), listNistAssessments(c.var.ctx, actor, companyHloOf(actor))]);
    // Newest status first unless the reader chose another order.
    const sort = parseSort<RecordSort>(queryOf(c), RECORD_SORTS, 'statusDate', 'desc');
    const key = (r: PresentedRecord): string | number | null =>
      sort.sort === 'level' ? LEVEL_RANK[r.level] : sort.sort === 'status' ? `${r.current ? 0 : 1}${r.type}` : sort.sort === 'currentThrough' ? r.currentThrough : r[sort.sort];
    const { shown, paging } = pageOf(queryOf(c), sortBy(records.map((r) => r.presented), key, sort.dir));
    return c.render(
      <>
        <Notice text={notice(c)} />
        <AssessmentsPage records={shown} paging={paging} sort={sort} drafts={drafts} nist={nist} csrf={c.var.csrfToken} />
      </>,
      { title: 'Assessments' },
    );
  });
}
