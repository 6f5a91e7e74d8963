import { Hono } from 'hono';
import { getVerification, listVerifications } from '../../services/checks.js';
import type { AppEnv } from '../env.js';
import { actorOf, allow } from './auth.js';

const readers = allow('CONTRACTING_OFFICER', 'ADMIN', 'DIBCAC');

export const verificationsApi = new Hono<AppEnv>()
  .get('/', readers, async (c) => {
    // Whole, finite numbers only: a fraction, 1e300 or Infinity would reach SQL LIMIT/OFFSET and fail (500).
    const whole = (v: string | undefined, fallback: number) => (Number.isFinite(Number(v)) ? Math.trunc(Number(v)) : fallback);
    const limit = Math.min(Math.max(whole(c.req.query('limit'), 100) || 100, 1), 500);
    const offset = Math.min(Math.max(whole(c.req.query('offset'), 0), 0), Number.MAX_SAFE_INTEGER);
    const items = await listVerifications(c.var.ctx, actorOf(c), { contractNumber: c.req.query('contractNumber'), limit, offset });
    return c.json({ items, limit, offset });
  })
  .get('/:id', readers, async (c) => c.json(await getVerification(c.var.ctx, actorOf(c), c.req.param('id'))));
