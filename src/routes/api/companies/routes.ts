import { z } from 'zod';
import { NistAssessmentInput, PostAssessmentInput } from '../../../services/inputs.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';
import { isoDate, level, NistRecord, statusType } from '../schemas.js';

const CagePath = z.object({
  cage: z.string().meta({ description: 'CAGE code of the company (trimmed and upper-cased); another company\'s answers 404 to a contractor', pattern: '^[A-HJ-NP-Z0-9]{5}$', examples: ['1AB23'] }),
});

const PostedAssessment = z
  .object({
    uid: z.string(),
    level,
    type: statusType.meta({ description: '`NONE` is a valid outcome: `blocking` says why' }),
    score: z.number().int().nullable(),
    statusDate: isoDate,
    currentThrough: isoDate.nullable(),
    poam: z.array(z.string()).meta({ description: 'Requirement ids on the POA&M of a Conditional status' }),
    blocking: z.array(z.string()).meta({ description: 'Requirement ids that prevent a status' }),
    explanation: z.string(),
    scope: z.string(),
    cages: z.array(z.string()),
    awaitingAffirmation: z.boolean(),
  })
  .meta({ id: 'PostedAssessment' });

const PostedNistAssessment = NistRecord.extend({
  companyCage: z.string(),
  validThrough: isoDate.meta({ description: 'The last day it counts (3 years)' }),
}).meta({ id: 'PostedNistAssessment' });

export const postAssessmentRoute = apiRoute({
  method: 'post', path: '/{cage}/assessments', operationId: 'postAssessment', tags: ['Postings'], summary: 'Post a Level 1/2/3 result',
  description:
    '`results` names every requirement of the level and nothing else. Contractors post L1_SELF and L2_SELF; C3PAO users L2_C3PAO for engaged companies; ' +
    'DIBCAC users L3_DIBCAC (needs a current Final L2 (C3PAO) on the same scope, else 422). 3.12.4 NOT_MET → 422 ("No CMMC Score").',
  params: CagePath, body: PostAssessmentInput, errors: [...SIGNED_IN, 404], ok: { 201: jsonAnswer(PostedAssessment, 'The UID, status, score and POA&M') },
});

export const postNistAssessmentRoute = apiRoute({
  method: 'post', path: '/{cage}/nist-assessments', operationId: 'postNistAssessment', tags: ['Postings'], summary: 'Post a NIST SP 800-171 DoD Assessment score (contractor Basic; DIBCAC Medium/High)',
  params: CagePath, body: NistAssessmentInput, errors: [...SIGNED_IN, 404], ok: { 201: jsonAnswer(PostedNistAssessment, 'The posting and the date it counts through') },
});
