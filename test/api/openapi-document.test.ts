/**
 * The OpenAPI document (GET /api/v1/openapi.json) is built from the route definitions, so it says
 * what the server validates: the patterns and ranges of api.md's fields, every query and path
 * parameter, a schema for every 2xx answer, problem+json for the refusals, an operationId on every
 * operation and the bearer scheme. And the server keeps what the document says about bodies.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, testEnv, type TestEnv } from '../helpers.js';

let env: TestEnv;
let doc: any;
beforeAll(async () => {
  env = await testEnv();
  doc = (await env.api('GET', '/api/v1/openapi.json', undefined, null)).json;
  return () => env.close();
});

const schema = (name: string) => doc.components.schemas[name];
const operations = () =>
  Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.entries<any>(item).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })));

describe('the document says what the server validates', () => {
  it('keeps the patterns of UID, CAGE, UEI and dates, the e-mail format and the score ranges', () => {
    const imported = schema('ImportAssessment').properties;
    expect(imported.uid).toMatchObject({ type: 'string', pattern: '^[A-Z0-9]{10}$' });
    expect(imported.cages.items).toMatchObject({ pattern: '^[A-HJ-NP-Z0-9]{5}$' });
    expect(imported.statusDate).toMatchObject({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
    expect(schema('ImportCompany').properties.uei).toMatchObject({ pattern: '^[A-Z0-9]{12}$' });
    expect(schema('UserInput').properties.email).toMatchObject({ format: 'email', maxLength: 320 });
    expect(schema('NistAssessmentInput').properties.score).toMatchObject({ type: 'integer', minimum: -203, maximum: 110 });
    expect(schema('CheckInput').properties.lookAheadDays).toMatchObject({ type: ['integer', 'null'], minimum: 0, maximum: 3650 });
    expect(schema('CheckInput').properties.requiredLevel.enum).toEqual(['L1_SELF', 'L2_SELF', 'L2_C3PAO', 'L3_DIBCAC']);
  });

  it('makes request bodies strict: unknown fields are not allowed', () => {
    for (const name of ['CheckInput', 'ImportInput', 'ImportAssessment', 'UserInput', 'PostAssessmentInput', 'FlowdownCheckInput', 'AttestationInput']) {
      expect(schema(name).additionalProperties, name).toBe(false);
    }
  });

  it('documents the query and path parameters', () => {
    const names = (path: string, method = 'get') => doc.paths[path][method].parameters.map((p: any) => `${p.in}:${p.name}`);
    expect(names('/uids/{uid}')).toEqual(['path:uid', 'query:asOf']);
    expect(names('/verifications')).toEqual(['query:contractNumber', 'query:limit', 'query:offset']);
    expect(names('/verifications/{id}')).toEqual(['path:id']);
    expect(names('/flowdown-checks/recheck')).toEqual(['query:days']);
    expect(names('/companies/{cage}/assessments', 'post')).toEqual(['path:cage']);
    const limit = doc.paths['/verifications'].get.parameters.find((p: any) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500, default: 100 });
  });

  it('gives every operation an operationId, a schema for its 2xx answer and problem+json refusals', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { where, op } of operations()) {
      const ok = Object.entries<any>(op.responses).filter(([status]) => /^2/.test(status));
      expect(ok.length, where).toBe(1);
      const [[, answer]] = ok;
      const [mediaType] = Object.keys(answer.content);
      expect(answer.content[mediaType].schema, where).toBeTruthy();
      expect(op.responses['401'].content['application/problem+json'].schema, where).toEqual({ $ref: '#/components/schemas/Problem' });
      if (op.requestBody) for (const status of ['400', '413', '415', '422']) expect(op.responses[status], `${where} ${status}`).toBeTruthy();
    }
    expect(doc.paths['/flowdown-checks/register.csv'].get.responses['200'].content).toHaveProperty('text/csv');
  });

  it('declares the bearer scheme for every operation', () => {
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.security).toEqual([{ bearer: [] }]);
  });
});

describe('the server keeps what the document says about bodies', () => {
  const send = (body: string, contentType?: string) =>
    env.app.request('/api/v1/applicability', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(contentType ? { 'content-type': contentType } : {}) }, body });

  it('answers a body that is not application/json with 415 problem+json', async () => {
    const res = await send('issueDate=2026-11-23', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 415, detail: 'Send the body as application/json', errors: [] });
  });

  it('answers malformed JSON with 400 saying where it breaks, and an empty body with 422 naming every required field', async () => {
    const bad = await send('{"issueDate": ', 'application/json');
    expect(bad.status).toBe(400);
    expect((await bad.json()).detail).toMatch(/^The body is not valid JSON: /);
    const empty = await send('', 'application/json');
    expect(empty.status).toBe(422);
    expect((await empty.json()).errors.map((e: { path: string }) => e.path)).toEqual(['issueDate', 'information']);
  });

  it('answers an unknown field and a malformed date with 422 listing both paths', async () => {
    const res = await send(JSON.stringify({ issueDate: '2026-02-30', information: 'CUI', color: 'red' }), 'application/json');
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([
      { path: 'issueDate', message: 'must be a calendar date written YYYY-MM-DD' },
      { path: '(body)', message: 'unknown field(s): color' },
    ]);
  });
});
