/**
 * The contracting officer's workspace (issue 3; rules §5, §8): solicitations, offers and their
 * checks, recorded verifications, contracts and their actions, and the watch list.
 */
import { workspace } from '../workspace.js';
import { contractActionPages } from './contract-actions.js';
import { contractPages } from './contracts.js';
import { offerPages } from './offers.js';
import { solicitationPages } from './solicitations.js';
import { verificationPages } from './verifications.js';
import { uidPreviewPages } from './uid-preview.js';
import { watchPages } from './watch.js';

export function officerPages() {
  // Rules §9: contracting officers run and record checks; administrators stand in for them.
  return workspace('officer.workspace', {
    '/solicitations': solicitationPages(),
    '/offers': offerPages(),
    '/verifications': verificationPages(),
    '/contracts': [contractPages(), contractActionPages()],
    '/watch': watchPages(),
    '/uids/preview': uidPreviewPages(),
  }).get('/', (c) => c.redirect('/officer/solicitations', 303));
}
