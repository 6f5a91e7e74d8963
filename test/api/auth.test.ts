/**
 * api.md Conventions: bearer auth (401), role gates (403), problem+json errors (400/409/422),
 * strict bodies, `POST /api/v1/users`, and the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { company, ownEnv, testEnv, type TestEnv } from '../helpers.js';

// Shared by the tests that only read or are refused (a refusal writes nothing); a test that writes builds its own.
let env: TestEnv;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  env = await testEnv();
  const imp = await env.api('POST', '/api/v1/import', { companies: [company('PA001'), company('PA002', 'PA001')] });
  expect(imp.status).toBe(201);
  tokens.officer = await env.user('officer@agency.example', 'CONTRACTING_OFFICER');
  tokens.contractor = await env.user('ao@pa001.example', 'CONTRACTOR', 'PA001');
  tokens.c3pao = await env.user('lead@c3pao.example', 'C3PAO');
  tokens.dibcac = await env.user('assessor@dibcac.example', 'DIBCAC');
});
afterAll(() => env.close());

const PROBLEM_KEYS = ['detail', 'errors', 'status', 'title', 'type'];
function expectProblem(res: { status: number; json: any; headers: Headers }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Object.keys(res.json).sort()).toEqual(PROBLEM_KEYS);
  expect(res.json.status).toBe(status);
  expect(Array.isArray(res.json.errors)).toBe(true);
}

/** Every endpoint the contract fixes, with a body that would otherwise be plausible. */
const ENDPOINTS: [string, string, unknown][] = [
  ['POST', '/api/v1/users', { email: 'x@example.com', role: 'CONTRACTING_OFFICER' }],
  ['POST', '/api/v1/import', { companies: [] }],
  ['POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [] }],
  ['GET', '/api/v1/uids/A1B2C3D4E5', undefined],
  ['POST', '/api/v1/companies/PA001/assessments', { level: 'L1_SELF', scope: 'Enterprise', results: {} }],
  ['POST', '/api/v1/engagements', { companyCage: 'PA001', assessorEmail: 'lead@c3pao.example' }],
  ['POST', '/api/v1/uids/A1B2C3D4E5/affirmations', { name: 'Pat Lee', title: 'CEO' }],
  ['POST', '/api/v1/uids/A1B2C3D4E5/closeout', { results: {} }],
  ['POST', '/api/v1/uids/A1B2C3D4E5/compliance-changes', { date: '2026-11-01', description: 'x' }],
  ['POST', '/api/v1/applicability', { issueDate: '2026-01-01', information: 'CUI' }],
  ['POST', '/api/v1/flowdown/required-level', { primeLevel: 'L2_SELF', information: 'CUI' }],
  ['GET', '/api/v1/verifications?contractNumber=X', undefined],
  ['GET', '/api/v1/verifications/00000000-0000-0000-0000-000000000000', undefined],
];

describe('api.md Auth: missing or invalid token → 401', () => {
  it.each(ENDPOINTS)('%s %s without a token → 401 problem+json', async (method, path, body) => {
    expectProblem(await env.api(method, path, body, null), 401);
  });

  it.each(ENDPOINTS)('%s %s with an invalid token → 401 problem+json', async (method, path, body) => {
    expectProblem(await env.api(method, path, body, 'ag_not-a-real-token'), 401);
  });

  it('a malformed Authorization header → 401', async () => {
    const res = await env.app.request('/api/v1/uids/A1B2C3D4E5', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
  });
});

describe('api.md Auth: role not allowed → 403', () => {
  const cases: [string, string, string, unknown][] = [
    ['contractor', 'POST', '/api/v1/users', { email: 'y@example.com', role: 'CONTRACTOR', companyCage: 'PA001' }],
    ['officer', 'POST', '/api/v1/users', { email: 'y@example.com', role: 'CONTRACTING_OFFICER' }],
    ['officer', 'POST', '/api/v1/import', { companies: [] }],
    ['contractor', 'POST', '/api/v1/import', { companies: [] }],
    ['contractor', 'POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [] }],
    ['c3pao', 'POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [] }],
    ['dibcac', 'POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [] }],
    ['contractor', 'GET', '/api/v1/verifications', undefined],
    ['c3pao', 'GET', '/api/v1/verifications/00000000-0000-0000-0000-000000000000', undefined],
    ['officer', 'POST', '/api/v1/engagements', { companyCage: 'PA001', assessorEmail: 'lead@c3pao.example' }],
    ['c3pao', 'POST', '/api/v1/engagements', { companyCage: 'PA001', assessorEmail: 'lead@c3pao.example' }],
    ['officer', 'POST', '/api/v1/companies/PA001/assessments', { level: 'L2_SELF', scope: 'Enterprise', results: {} }],
    ['contractor', 'POST', '/api/v1/companies/PA001/assessments', { level: 'L2_C3PAO', scope: 'Enterprise', results: {} }],
    ['contractor', 'POST', '/api/v1/companies/PA001/assessments', { level: 'L3_DIBCAC', scope: 'Enterprise', results: {} }],
    ['c3pao', 'POST', '/api/v1/companies/PA001/assessments', { level: 'L2_SELF', scope: 'Enterprise', results: {} }],
    ['dibcac', 'POST', '/api/v1/companies/PA001/assessments', { level: 'L2_SELF', scope: 'Enterprise', results: {} }],
  ];
  it.each(cases)('%s: %s %s → 403', async (who, method, path, body) => {
    expectProblem(await env.api(method, path, body, tokens[who]), 403);
  });
});

describe('api.md POST /api/v1/users (administrator)', () => {
  it('creates an account: 201 with exactly id, email, role, companyCage, apiToken', async () => {
    // A database of its own: this test writes.
    const env = await ownEnv();
    expect((await env.api('POST', '/api/v1/import', { companies: [company('PA001'), company('PA002', 'PA001')] })).status).toBe(201);
    const res = await env.api('POST', '/api/v1/users', { email: ' New.User@PA001.example ', role: 'CONTRACTOR', companyCage: ' pa002 ' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json).sort()).toEqual(['apiToken', 'companyCage', 'email', 'id', 'role']);
    expect(res.json).toMatchObject({ email: 'new.user@pa001.example', role: 'CONTRACTOR', companyCage: 'PA002' });
    expect(typeof res.json.id).toBe('number');
    expect(typeof res.json.apiToken).toBe('string');
    // The token works at once.
    const check = await env.api('POST', '/api/v1/applicability', { issueDate: '2026-01-01', information: 'CUI' }, res.json.apiToken);
    expect(check.status).toBe(200);
  });

  it('refuses a second account with the same email → 409', async () => {
    expectProblem(await env.api('POST', '/api/v1/users', { email: 'officer@agency.example', role: 'CONTRACTING_OFFICER' }), 409);
  });

  it('a CONTRACTOR needs a known company CAGE → 422 with the path', async () => {
    const none = await env.api('POST', '/api/v1/users', { email: 'z1@example.com', role: 'CONTRACTOR' });
    expectProblem(none, 422);
    expect(none.json.errors.map((e: any) => e.path)).toEqual(['companyCage']);
    const unknown = await env.api('POST', '/api/v1/users', { email: 'z2@example.com', role: 'CONTRACTOR', companyCage: '9ZZ99' });
    expectProblem(unknown, 422);
    expect(unknown.json.errors.map((e: any) => e.path)).toEqual(['companyCage']);
  });

  it('lists every invalid field → 422', async () => {
    const res = await env.api('POST', '/api/v1/users', { email: 'not-an-email', role: 'KING', companyCage: 'IO' });
    expectProblem(res, 422);
    expect(res.json.errors.map((e: any) => e.path).sort()).toEqual(['companyCage', 'email', 'role']);
  });
});

describe('api.md Conventions: malformed JSON → 400, unknown fields → 422', () => {
  it('answers malformed JSON with 400 problem+json', async () => {
    expectProblem(await env.api('POST', '/api/v1/users', '{"email": ', undefined), 400);
    expectProblem(await env.api('POST', '/api/v1/checks', '{not json}', tokens.officer), 400);
  });

  it('answers an unknown field with 422 naming it', async () => {
    const res = await env.api('POST', '/api/v1/users', { email: 'u@example.com', role: 'CONTRACTING_OFFICER', isBoss: true });
    expectProblem(res, 422);
    expect(res.json.errors).toEqual([{ path: '(body)', message: expect.stringContaining('isBoss') }]);
  });

  it('answers an unknown endpoint with 404 problem+json', async () => {
    expectProblem(await env.api('GET', '/api/v1/nothing-here'), 404);
  });
});

describe('api.md GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document with every contract path', async () => {
    const res = await env.api('GET', '/api/v1/openapi.json', undefined, null);
    expect(res.status).toBe(200);
    expect(res.json.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(res.json.paths)).toEqual(
      expect.arrayContaining([
        '/users',
        '/import',
        '/checks',
        '/verifications',
        '/verifications/{id}',
        '/uids/{uid}',
        '/uids/{uid}/affirmations',
        '/uids/{uid}/closeout',
        '/uids/{uid}/compliance-changes',
        '/companies/{cage}/assessments',
        '/engagements',
        '/applicability',
        '/flowdown/required-level',
      ]),
    );
    expect(res.json.paths['/checks'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CheckInput' });
    expect(res.json.components.schemas.CheckInput.properties).toHaveProperty('requiredLevel');
    expect(res.json.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail', 'errors']);
  });
});
