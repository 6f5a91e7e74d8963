/** The assessor workspace at /assessor (rules §6, §9): C3PAO, DIBCAC and administrators post results here. */
import { workspace } from '../workspace.js';
import { assessorCloseoutPages } from './closeouts.js';
import { assessorHomePages } from './home.js';
import { assessorNistPages } from './nist.js';
import { assessorPostPages } from './post.js';

export function assessorPages() {
  return workspace('assessor.workspace', { '/': assessorHomePages(), '/assessments': assessorPostPages(), '/nist': assessorNistPages(), '/closeouts': assessorCloseoutPages() });
}
