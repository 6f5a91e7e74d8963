/** Flowdown checks (rules §7): the contractor acting as prime checks its subcontractors before award. */
import { Hono } from 'hono';
import type { PagesEnv } from '../env.js';
import { requireUser } from '../session.js';
import { flowdownCheckPages } from './checks.js';
import { recheckPages } from './recheck.js';
import { registerPages } from './register.js';
import { flowdownTreePages } from './tree.js';

export function flowdownPages() {
  return new Hono<PagesEnv>()
    .use('*', requireUser('flowdown.record'))
    .route('/', registerPages())
    .route('/', flowdownCheckPages())
    .route('/tree', flowdownTreePages())
    .route('/recheck', recheckPages());
}
