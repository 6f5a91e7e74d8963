/** The flowdown tree across tiers: the prime's checks and those its subcontractors shared in their attestations. */
import { Hono } from 'hono';
import { FlowdownTreePage } from '../../../../views/pages/flowdown/tree.js';
import { flowdownTree } from '../../../services/flowdown-tree.js';
import type { PagesEnv } from '../env.js';

export function flowdownTreePages() {
  return new Hono<PagesEnv>().get('/', async (c) => {
    const { roots } = await flowdownTree(c.var.ctx, c.var.actor!);
    return c.render(<FlowdownTreePage roots={roots} />, { title: 'Flowdown tree' });
  });
}
