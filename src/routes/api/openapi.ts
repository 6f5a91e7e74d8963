/**
 * OpenAPI 3.1 document generated from the same zod schemas the API validates with, so the two
 * cannot drift. Response shapes are described where the contract (api.md) fixes them.
 */
import { z } from 'zod';
import {
  AffirmInput,
  ApplicabilityInputSchema,
  AttestationInput,
  AttestationVerifyInput,
  FlowdownCheckInput,
  CheckInputSchema,
  CloseoutInput,
  ComplianceChangeInput,
  EngagementInput,
  FlowdownLevelInput,
  ImportInput,
  NistAssessmentInput,
  PostAssessmentInput,
  UserInput,
} from '../../services/inputs.js';
import { REASON_CODES } from '../../domain/reasons.js';

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
            code: { type: 'string', enum: [...REASON_CODES] },
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
      '/companies/{cage}/nist-assessments': {
        post: op('Post a NIST SP 800-171 DoD Assessment score (contractor Basic; DIBCAC Medium/High)', NistAssessmentInput, { status: 201, description: 'The posting and the date it counts through' }, { parameters: [{ name: 'cage', in: 'path', required: true, schema: { type: 'string' } }] }),
      },
      '/engagements': { post: op('Engage a C3PAO with a company', EngagementInput, { status: 201, description: 'The engagement' }) },
      '/applicability': { post: op('Is DFARS 252.204-7021 used? (DFARS 204.7504)', ApplicabilityInputSchema, { status: 200, description: 'Decision' }) },
      '/flowdown/required-level': { post: op('Minimum subcontractor level (32 CFR 170.23)', FlowdownLevelInput, { status: 200, description: 'Minimum level' }) },
      '/attestations': { post: op('Issue a signed status attestation (EdDSA compact JWS) over your company\'s UIDs (contractor)', AttestationInput, { status: 201, description: 'token, claims, link' }) },
      '/attestations/verify': { post: op('Verify an attestation token (signature, claims, expiry, key); keys also at /.well-known/jwks.json', AttestationVerifyInput, { status: 200, description: '{ valid, claims, reasons }' }) },
      '/flowdown-checks': {
        post: op('Record a flowdown check on a subcontractor (contractor acting as prime; immutable)', FlowdownCheckInput, { status: 201, description: '{ id, subMinimumLevel, mayAward, reasons, … }' }),
        get: op('Your company\'s flowdown checks, newest first', null, { status: 200, description: '{ items }' }, {
          parameters: [
            { name: 'primeContractNumber', in: 'query', schema: { type: 'string' } },
            { name: 'subCage', in: 'query', schema: { type: 'string' } },
          ],
        }),
      },
      '/flowdown-checks/register.csv': {
        get: {
          summary: 'Your company\'s flowdown register as CSV',
          responses: { 200: { description: 'CSV, one row per check', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors },
        },
      },
      '/flowdown-checks/tree': { get: op('Your checks with the checks your subs shared via attestation, across tiers', null, { status: 200, description: '{ roots: [{ check, tier, sharedVia, children }] }' }) },
      '/flowdown-checks/recheck': {
        get: op('Subs whose evidence lapses within N days (default 60)', null, { status: 200, description: '{ asOf, days, items }' }, { parameters: [{ name: 'days', in: 'query', schema: { type: 'integer', minimum: 0 } }] }),
      },
      '/flowdown-checks/{id}': { get: op('One flowdown check (yours, or shared in your tree)', null, { status: 200, description: 'The check' }, { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }) },
    },
  };
  return cached;
}
