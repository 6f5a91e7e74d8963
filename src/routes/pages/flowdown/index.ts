/** Flowdown checks (rules §7): the contractor acting as prime checks its subcontractors before award. */
import { workspace } from '../workspace.js';
import { flowdownCheckPages } from './checks.js';
import { recheckPages } from './recheck.js';
import { registerPages } from './register.js';
import { flowdownTreePages } from './tree.js';

export function flowdownPages() {
  return workspace('flowdown.record', { '/': [registerPages(), flowdownCheckPages()], '/tree': flowdownTreePages(), '/recheck': recheckPages() });
}
