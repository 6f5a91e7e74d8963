/** The contractor workspace at /company (rules §9: own company only), one sub-app per resource. */
import { Hono } from 'hono';
import type { PagesEnv } from '../env.js';
import { requireUser } from '../session.js';
import { affirmationPages } from './affirmations.js';
import { assessmentListPages } from './assessments.js';
import { myUidPages } from './my-uids.js';
import { companyNistPages } from './nist.js';
import { poamPages } from './poam.js';
import { profilePages } from './profile.js';
import { selfAssessmentPages } from './self-assessment.js';
import { uidPages } from './uid.js';

export function companyPages() {
  return new Hono<PagesEnv>()
    .use('*', requireUser('company.workspace'))
    .route('/', profilePages())
    .route('/assessments', assessmentListPages())
    .route('/assessments', selfAssessmentPages())
    .route('/', myUidPages())
    .route('/uids', uidPages())
    .route('/affirmations', affirmationPages())
    .route('/poam', poamPages())
    .route('/nist', companyNistPages());
}
