/** The contractor workspace at /company (rules §9: own company only), one sub-app per resource. */
import { workspace } from '../workspace.js';
import { affirmationPages } from './affirmations.js';
import { assessmentListPages } from './assessments.js';
import { myUidPages } from './my-uids.js';
import { companyNistPages } from './nist.js';
import { poamPages } from './poam.js';
import { profilePages } from './profile.js';
import { selfAssessmentPages } from './self-assessment.js';
import { uidPages } from './uid.js';

export function companyPages() {
  return workspace('company.workspace', {
    '/': [profilePages(), myUidPages()],
    '/assessments': [assessmentListPages(), selfAssessmentPages()],
    '/uids': uidPages(),
    '/affirmations': affirmationPages(),
    '/poam': poamPages(),
    '/nist': companyNistPages(),
  });
}
