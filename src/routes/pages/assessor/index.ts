/** The assessor workspace at /assessor (rules §6, §9): C3PAO, DIBCAC and administrators post results here. */
import { Hono } from 'hono';
import type { PagesEnv } from '../env.js';
import { requireUser } from '../session.js';
import { assessorCloseoutPages } from './closeouts.js';
import { assessorHomePages } from './home.js';
import { assessorNistPages } from './nist.js';
import { assessorPostPages } from './post.js';

export function assessorPages() {
  return new Hono<PagesEnv>()
    .use('*', requireUser('assessor.workspace'))
    .route('/', assessorHomePages())
    .route('/assessments', assessorPostPages())
    .route('/nist', assessorNistPages())
    .route('/closeouts', assessorCloseoutPages());
}
