import { z } from 'zod';
import { ApplicabilityInputSchema, FlowdownLevelInput } from '../../../services/inputs.js';
import { apiRoute, jsonAnswer } from '../openapi.js';
import { level, Reason } from '../schemas.js';

const Applicability = z
  .object({
    clauseApplies: z.boolean(),
    clauses: z.array(z.string()).meta({ examples: [['DFARS 252.204-7021', 'DFARS 252.204-7025']] }),
    requiredLevel: level.nullable().meta({ description: 'Null when no level is set or the clause is not used' }),
    phase: z.object({ phase: z.number().int().nullable().meta({ description: 'Null before CMMC phase 1' }), advisory: z.string() }),
    reasons: z.array(Reason),
  })
  .meta({ id: 'Applicability' });

const FlowdownMinimum = z
  .object({
    subMinimumLevel: level.nullable().meta({ description: 'Null when CMMC does not flow down (no FCI or CUI, or a COTS-only subcontract)' }),
    citation: z.string(),
    explanation: z.string(),
    mismatch: z.boolean().meta({ description: 'The prime\'s level is too low for the information the sub handles (CUI under L1_SELF)' }),
  })
  .meta({ id: 'FlowdownMinimum' });

export const applicabilityRoute = apiRoute({
  method: 'post', path: '/applicability', operationId: 'decideApplicability', tags: ['Rules'], summary: 'Is DFARS 252.204-7021 used, and at which level? (DFARS 204.7504; anyone signed in)',
  body: ApplicabilityInputSchema, errors: [401], ok: { 200: jsonAnswer(Applicability, 'The decision with its reasons and the CMMC phase') },
});

export const flowdownLevelRoute = apiRoute({
  method: 'post', path: '/flowdown/required-level', operationId: 'subcontractorMinimumLevel', tags: ['Rules'], summary: 'Minimum CMMC level of a subcontractor (32 CFR 170.23; anyone signed in)',
  body: FlowdownLevelInput, errors: [401], ok: { 200: jsonAnswer(FlowdownMinimum, 'The subcontractor\'s minimum level') },
});
