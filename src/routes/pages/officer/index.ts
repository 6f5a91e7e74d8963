/**
 * The contracting officer's workspace (issue 3; rules §5, §8): solicitations, offers and their
 * checks, recorded verifications, contracts and their actions, and the watch list.
 */
import { Hono } from 'hono';
import type { PagesEnv } from '../env.js';
import { requireUser } from '../session.js';
import { contractActionPages } from './contract-actions.js';
import { contractPages } from './contracts.js';
import { offerPages } from './offers.js';
import { solicitationPages } from './solicitations.js';
import { verificationPages } from './verifications.js';
import { uidPreviewPages } from './uid-preview.js';
import { watchPages } from './watch.js';

export function officerPages() {
  return (
    new Hono<PagesEnv>()
      // Rules §9: contracting officers run and record checks; administrators stand in for them.
      .use('*', requireUser('officer.workspace'))
      .get('/', (c) => c.redirect('/officer/solicitations', 303))
      .route('/solicitations', solicitationPages())
      .route('/offers', offerPages())
      .route('/verifications', verificationPages())
      .route('/contracts', contractPages())
      .route('/contracts', contractActionPages())
      .route('/watch', watchPages())
      .route('/uids/preview', uidPreviewPages())
  );
}
