/** The assessor's home: the levels it posts, the companies engaged with it, and what it posted (paged). */
import { Hono } from 'hono';
import { AssessorHome } from '../../../../views/pages/assessor/home.js';
import { isUid, normaliseId } from '../../../domain/identifiers.js';
import { may, nistPostAction } from '../../../domain/permissions.js';
import { assessorLevels, engagedCompanies, postedBy } from '../../../services/assessor.js';
import type { PagesEnv } from '../env.js';
import { pageOf, queryOf } from '../paging.js';

export function assessorHomePages() {
  return new Hono<PagesEnv>().get('/', async (c) => {
    const actor = c.var.actor!;
    const [engaged, posted] = await Promise.all([engagedCompanies(c.var.ctx, actor), postedBy(c.var.ctx, actor)]);
    const { shown, paging } = pageOf(queryOf(c), posted);
    const uid = normaliseId(c.req.query('uid') ?? '');
    const done = c.req.query('done');
    const notice = done === 'posted' && isUid(uid) ? `Posted: UID ${uid}.` : done === 'nist-posted' ? 'NIST SP 800-171 DoD Assessment posted.' : null;
    return c.render(
      <AssessorHome
        role={actor.role as 'C3PAO' | 'DIBCAC' | 'ADMIN'}
        levels={assessorLevels(actor)}
        engaged={engaged}
        posted={shown}
        paging={paging}
        mayPostNist={may(actor.role, nistPostAction('MEDIUM'))}
        notice={notice}
      />,
      { title: 'Post results' },
    );
  });
}
