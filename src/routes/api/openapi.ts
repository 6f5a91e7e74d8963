/**
 * OpenAPI 3.1 document generated from the same zod schemas the API validates with, so the two
 * cannot drift. Response shapes are described where the contract (api.md) fixes them.
 */
import { z } from 'zod';
import {
  AffirmInput,
  ApplicabilityInputSchema,
  CheckInputSchema,
  CloseoutInput,
  ComplianceChangeInput,
  EngagementInput,
  FlowdownLevelInput,
  ImportInput,
  PostAssessmentInput,
  UserInput,
} from '../../services/inputs.js';
import { SEVERITY } from '../../domain/reasons.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

const problem = { $ref: '#/components/schemas/Problem' };
const errors = {
  400: { description: 'Malformed JSON', content: { 'application/problem+json': { schema: problem } } },
  401: { description: 'Missing or invalid token', content: { 'application/problem+json': { schema: problem } } },
  403: { description: 'Role not allowed', content: { 'application/problem+json': { schema: problem } } },
  404: { description: 'Not found or not visible to the caller', content: { 'application/problem+json': { schema: problem } } },
  409: { description: 'Conflict', content: { 'application/problem+json': { schema: problem } } },
  422: { description: 'Invalid input; every offending path listed', content: { 'application/problem+json': { schema: problem } } },
};

function op(summary: string, body: z.ZodType | null, ok: { status: number; description: string; schema?: object }, extra: object = {}) {
  return {
    summary,
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(body) } } } } : {}),
    responses: { [ok.status]: { description: ok.description, content: { 'application/json': { schema: ok.schema ?? { type: 'object' } } } }, ...errors },
    ...extra,
  };
}

const uidParam = { name: 'uid', in: 'path', required: true, schema: { type: 'string' } };

let cached: object | null = null;

export function openApiDocument(): object {
  cached ??= {
    openapi: '3.1.0',
    info: { title: 'AwardGate API', version: '1.0.0', description: 'The SPRS side of CMMC award eligibility (DFARS 204.7503). Contract: api.md.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'errors'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        Reason: {
          type: 'object',
          required: ['code', 'severity', 'message', 'citation'],
          properties: {
            code: { type: 'string', enum: Object.keys(SEVERITY) },
            severity: { type: 'string', enum: ['error', 'warning', 'info'] },
            message: { type: 'string' },
            citation: { type: 'string' },
          },
        },
      },
    },
    paths: {
      '/users': { post: op('Create an account (administrator)', UserInput, { status: 201, description: 'The account and its API token' }) },
      '/import': { post: op('Load SPRS records with historical dates, all or nothing (administrator)', ImportInput, { status: 201, description: 'Counts imported' }) },
      '/checks': { post: op('Award / option / extension / new-UID check; `record: true` stores a verification', CheckInputSchema, { status: 200, description: 'The verdict' }) },
      '/verifications': { get: op('Recorded verifications, newest first', null, { status: 200, description: 'List' }, { parameters: [{ name: 'contractNumber', in: 'query', schema: { type: 'string' } }] }) },
      '/verifications/{id}': { get: op('One recorded verification, exactly as recorded', null, { status: 200, description: 'The record' }, { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }) },
      '/uids/{uid}': { get: op('The status record of a UID', null, { status: 200, description: 'Status record' }, { parameters: [uidParam] }) },
      '/uids/{uid}/affirmations': { post: op('Affirm continuous compliance (dated today)', AffirmInput, { status: 201, description: 'Updated record' }, { parameters: [uidParam] }) },
      '/uids/{uid}/closeout': { post: op('POA&M closeout (once, within 180 days)', CloseoutInput, { status: 200, description: 'Updated record' }, { parameters: [uidParam] }) },
      '/uids/{uid}/compliance-changes': { post: op('Record a change in compliance', ComplianceChangeInput, { status: 201, description: 'The change' }, { parameters: [uidParam] }) },
      '/companies/{cage}/assessments': {
        post: op('Post a Level 1/2/3 result', PostAssessmentInput, { status: 201, description: 'UID, status, score, POA&M' }, { parameters: [{ name: 'cage', in: 'path', required: true, schema: { type: 'string' } }] }),
      },
      '/engagements': { post: op('Engage a C3PAO with a company', EngagementInput, { status: 201, description: 'The engagement' }) },
      '/applicability': { post: op('Is DFARS 252.204-7021 used? (DFARS 204.7504)', ApplicabilityInputSchema, { status: 200, description: 'Decision' }) },
      '/flowdown/required-level': { post: op('Minimum subcontractor level (32 CFR 170.23)', FlowdownLevelInput, { status: 200, description: 'Minimum level' }) },
    },
  };
  return cached;
}
