/** POA&M closeouts due (32 CFR 170.21(b)): every Conditional status with its closeout deadline, soonest first. */
import { Hono } from 'hono';
import { PoamPage } from '../../../../views/pages/company/poam.js';
import { may, postAction } from '../../../domain/permissions.js';
import { companyRecords } from '../../../services/contractor.js';
import type { PagesEnv } from '../env.js';
import { sortBy } from '../paging.js';

export function poamPages() {
  return new Hono<PagesEnv>().get('/', async (c) => {
    const records = await companyRecords(c.var.ctx, c.var.actor!);
    const rows = sortBy(
      records.filter((r) => r.closeoutBy),
      (r) => r.closeoutBy,
      'asc',
    );
    return c.render(<PoamPage rows={rows} mayClose={(level) => may(c.var.actor!.role, postAction(level))} />, { title: 'POA&M' });
  });
}
