/** The signed-in home page and the public rules page. */
import { Hono } from 'hono';
import { HomePage } from '../../../views/pages/home.js';
import { RulesPage } from '../../../views/pages/rules.js';
import { ASSUMPTIONS } from '../../domain/assumptions.js';
import { calendar } from '../../domain/calendar.js';
import { describeReasons } from '../../domain/reasons.js';
import { contractorAlerts } from '../../services/contractor.js';
import type { PagesEnv } from './env.js';
import { requireUser } from './session.js';

export function homePages() {
  return new Hono<PagesEnv>()
    .get('/', requireUser(), async (c) =>
      c.render(<HomePage actor={c.var.actor!} today={c.var.ctx.clock.today()} alerts={await contractorAlerts(c.var.ctx, c.var.actor!)} />, { title: 'Home' }),
    )
    .get('/rules', (c) => c.render(<RulesPage assumptions={ASSUMPTIONS} reasons={describeReasons('eligibility')} phases={calendar.phases} />, { title: 'Rules and assumptions' }));
}
