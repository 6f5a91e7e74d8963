/**
 * Responses match the published document: every step of the public conformance scenarios, and a
 * tour through every operation, is checked (status, content type, body) against the response schema
 * of its operation in GET /api/v1/openapi.json, by a validator built from that document alone
 * (./openapi-validator.ts). A response the document does not describe fails the test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, allResults, assessment, company, testEnv, type TestEnv } from '../helpers.js';
import { loadSuite, runScenario, type Target } from '../conformance/runner.js';
import { settingsFor } from '../emass/feed-env.js';
import { emassRecord, secondsOf } from '../fakes/emass-records.js';
import { startFakeEmass } from '../fakes/emass-server.js';
import { acquireLease } from '../../src/services/leases.js';
import { DAILY_PASS_JOB } from '../../src/services/notifications/pass.js';
import { exchangeOf, responseValidator, type Exchange, type ResponseValidator } from './openapi-validator.js';

let validator: ResponseValidator;

beforeAll(async () => {
  const env = await testEnv();
  const res = await env.api('GET', '/api/v1/openapi.json', undefined, null);
  env.close();
  expect(res.status).toBe(200);
  validator = responseValidator(res.json);
});

/** The env's app, with every exchange recorded as the client saw it. */
function recording(env: TestEnv) {
  const seen: Exchange[] = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    const res = await env.app.request(url, init);
    seen.push(await exchangeOf(init.method ?? 'GET', url, res));
    return res;
  };
  return { seen, fetch };
}

describe('the validator built from the document', () => {
  const check = (status: number, body: unknown, contentType = 'application/json', method = 'POST', path = '/flowdown/required-level') =>
    validator.check({ method, path, status, contentType, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const minimum = { subMinimumLevel: 'L2_C3PAO', citation: '32 CFR 170.23', explanation: 'CUI under an L2 (C3PAO) prime', mismatch: false };

  it('accepts an answer that matches its schema', () => {
    expect(check(200, minimum)).toEqual([]);
    expect(check(200, { ...minimum, subMinimumLevel: null })).toEqual([]);
  });

  it('rejects a body with a field missing, of the wrong type, or outside its enum', () => {
    const { citation: _, ...noCitation } = minimum;
    expect(check(200, noCitation)).toEqual([expect.stringContaining("must have required property 'citation'")]);
    expect(check(200, { ...minimum, mismatch: 'no' })).toEqual([expect.stringContaining('/mismatch must be boolean')]);
    expect(check(200, { ...minimum, subMinimumLevel: 'L2' })).not.toEqual([]);
  });

  it('rejects a reason code that is in no registry, and a date that is not a calendar date', () => {
    const applicability = {
      clauseApplies: true,
      clauses: ['DFARS 252.204-7021'],
      requiredLevel: 'L2_SELF',
      phase: { phase: 2, advisory: 'Phase 2' },
      reasons: [{ code: 'LEVEL_SET', severity: 'info', message: 'Level set', citation: 'DFARS 204.7504' }],
    };
    expect(check(200, applicability, 'application/json', 'POST', '/applicability')).toEqual([]);
    const invented = { ...applicability, reasons: [{ ...applicability.reasons[0], code: 'LOOKS_FINE' }] };
    expect(check(200, invented, 'application/json', 'POST', '/applicability')).toEqual([expect.stringContaining('/reasons/0/code must be equal to one of the allowed values')]);
    const engagement = { id: 1, companyCage: '1AB23', assessorEmail: 'lead@c3pao.example', createdAt: '2026-11-23T15:00:00.000Z' };
    expect(check(201, engagement, 'application/json', 'POST', '/engagements')).toEqual([]);
    expect(check(201, { ...engagement, createdAt: '2026-11-31' }, 'application/json', 'POST', '/engagements')).toEqual([expect.stringContaining('must match format "date-time"')]);
  });

  it('rejects a status the operation does not document, a content type it does not give, and an error that is not problem+json', () => {
    expect(check(500, { error: 'boom' })).toEqual([expect.stringContaining('status not documented')]);
    expect(check(200, '<p>ok</p>', 'text/html; charset=utf-8')).toEqual([expect.stringContaining('content type text/html not documented')]);
    expect(check(422, { message: 'bad' }, 'application/json')).toEqual([expect.stringContaining('content type application/json not documented')]);
    expect(check(422, { message: 'bad' }, 'application/problem+json')).not.toEqual([]);
  });
});

describe('every public conformance step answers as the document says (test/conformance/public.json)', () => {
  const suite = loadSuite();
  it.each(suite.scenarios.map((sc) => [sc.name, sc] as const))('%s', async (_, sc) => {
    const env = await testEnv(suite.today ?? '2026-11-23');
    try {
      const { seen, fetch } = recording(env);
      const target: Target = { base: 'http://localhost', token: ADMIN_TOKEN, fetch };
      await runScenario(target, sc);
      expect(seen.length).toBeGreaterThanOrEqual(sc.steps.length);
      expect(seen.flatMap((ex) => validator.check(ex))).toEqual([]);
    } finally {
      env.close();
    }
  });
});

describe('every operation of the document answers as the document says', () => {
  it('a tour through each operation: each 2xx, and the refusals met on the way, match their schemas', async () => {
    const emass = await startFakeEmass();
    const env = await testEnv(undefined, undefined, { emass: settingsFor(emass) });
    try {
      const { seen, fetch } = recording(env);
      const call = async (method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (token) headers.authorization = `Bearer ${token}`;
        const res = await fetch(`http://localhost/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await res.text();
        return { status: res.status, json: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
      };
      const ok = async (expected: number, ...args: Parameters<typeof call>) => {
        const res = await call(...args);
        expect(res.status, `${args[0]} ${args[1]}: ${JSON.stringify(res.json)}`).toBe(expected);
        return res.json;
      };

      await ok(201, 'POST', '/import', {
        companies: [company('TUR01'), company('TUR02', 'TUR01'), company('SUB01'), company('PRM01')],
        assessments: [assessment('TR00000001', ['TUR01']), assessment('SB00000001', ['SUB01'])],
        nistAssessments: [{ cages: ['TUR01'], confidence: 'BASIC', assessmentDate: '2026-01-10', score: 95 }],
      });
      const contractor = (await ok(201, 'POST', '/users', { email: 'ao@tur01.example', role: 'CONTRACTOR', companyCage: 'TUR01' })).apiToken;
      const sub = (await ok(201, 'POST', '/users', { email: 'ao@sub01.example', role: 'CONTRACTOR', companyCage: 'SUB01' })).apiToken;
      const prime = (await ok(201, 'POST', '/users', { email: 'buyer@prm01.example', role: 'CONTRACTOR', companyCage: 'PRM01' })).apiToken;
      await ok(201, 'POST', '/users', { email: 'lead@c3pao.example', role: 'C3PAO' });
      await ok(201, 'POST', '/engagements', { companyCage: 'TUR01', assessorEmail: 'lead@c3pao.example' }, contractor);

      // A Conditional Level 2 (Self): two 1-point requirements on the POA&M, then closed out.
      const posted = await ok(201, 'POST', '/companies/TUR01/assessments', { level: 'L2_SELF', scope: 'Enclave', results: allResults('L2_SELF', { 'AC.L2-3.1.3': 'NOT_MET', 'AU.L2-3.3.3': 'NOT_MET' }) }, contractor);
      expect(posted.type).toBe('CONDITIONAL');
      await ok(200, 'POST', `/uids/${posted.uid}/closeout`, { results: { 'AC.L2-3.1.3': 'MET', 'AU.L2-3.3.3': 'MET' } }, contractor);
      await ok(201, 'POST', `/uids/${posted.uid}/affirmations`, { name: 'Pat Lee', title: 'President', email: 'ao@tur01.example' }, contractor);
      await ok(201, 'POST', '/uids/TR00000001/compliance-changes', { date: '2026-11-01', description: 'MFA removed for field laptops' }, contractor);
      await ok(200, 'GET', '/uids/TR00000001?asOf=2026-10-01');
      await ok(201, 'POST', '/companies/TUR01/nist-assessments', { score: 104, fullImplementationDate: '2027-06-01' }, contractor);

      await ok(200, 'POST', '/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [posted.uid, 'TR00000001', 'bad', 'NO00000001'], offerorCage: 'TUR01', nist: { cages: ['TUR01', 'PRM01'] } });
      const recorded = await ok(200, 'POST', '/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [posted.uid], record: true, solicitationNumber: 'W912DY-26-R-0001' });
      await ok(200, 'GET', '/verifications?limit=5');
      await ok(200, 'GET', `/verifications/${recorded.verificationId}`);
      await ok(200, 'POST', '/applicability', { issueDate: '2026-11-23', information: 'CUI', programOfficeLevel: 'L2_C3PAO' });
      await ok(200, 'POST', '/flowdown/required-level', { primeLevel: 'L3_DIBCAC', information: 'CUI' });

      // The sub attests; the prime records a check on it, with the attestation and with typed evidence.
      const issued = await ok(201, 'POST', '/attestations', { uids: ['SB00000001'], audienceCage: 'PRM01' }, sub);
      await ok(200, 'POST', '/attestations/verify', { token: issued.token }, prime);
      await ok(200, 'POST', '/attestations/verify', { token: 'not.a.token' }, prime);
      const base = { primeContractNumber: 'W912DY-26-C-0001', primeLevel: 'L2_C3PAO', subcontractor: { cage: 'SUB01', name: 'Sub One' }, information: 'CUI' };
      const check = await ok(201, 'POST', '/flowdown-checks', { ...base, attestation: issued.token }, prime);
      await ok(201, 'POST', '/flowdown-checks', { ...base, evidence: { kind: 'CERTIFICATE', reference: 'C-1', uids: ['SB00000001'], level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', affirmationDate: '2026-06-01' } }, prime);
      await ok(200, 'GET', '/flowdown-checks', undefined, prime);
      await ok(200, 'GET', '/flowdown-checks/register.csv?subCage=SUB01', undefined, prime);
      await ok(200, 'GET', '/flowdown-checks/tree', undefined, prime);
      await ok(200, 'GET', '/flowdown-checks/recheck?days=400', undefined, prime);
      await ok(200, 'GET', `/flowdown-checks/${check.id}`, undefined, prime);
      // The issuer lists what it issued and revokes one (issue 12, issue 10).
      await ok(200, 'GET', '/attestations', undefined, sub);
      await ok(200, 'POST', `/attestations/${check.evidence.attestationJti}/revoke`, { reason: 'Replaced by a fresh attestation' }, sub);

      emass.put(secondsOf('2026-06-01'), emassRecord(), emassRecord({ uid: 'L20000003' }));
      const run = await ok(200, 'POST', '/emass/sync');
      await ok(200, 'GET', '/emass/runs');
      await ok(200, 'GET', `/emass/runs/${run.id}`);
      await ok(404, 'GET', '/emass/runs/999');

      // Reminders: today's pass, the caller's calendar feed (made, then only its date), its rotation; a pass already running → 409.
      await ok(200, 'POST', '/notifications/run');
      await ok(200, 'GET', '/me/calendar', undefined, contractor);
      await ok(200, 'GET', '/me/calendar', undefined, contractor);
      await ok(200, 'POST', '/me/calendar/rotate', undefined, contractor);
      await ok(403, 'POST', '/notifications/run', undefined, contractor);
      await acquireLease({ database: env.database, clock: env.clock }, DAILY_PASS_JOB, 60_000);
      await ok(409, 'POST', '/notifications/run');

      // Refusals on the way: 400, 401, 403, 404, 409, 415 and 422 are problem+json as documented.
      await ok(422, 'POST', '/checks', { purpose: 'AWARD', requiredLevel: 'L9', uids: [], extra: 1 });
      await ok(401, 'GET', '/uids/TR00000001', undefined, null);
      await ok(403, 'POST', '/import', {}, contractor);
      await ok(404, 'GET', '/uids/NO00000001');
      await ok(409, 'POST', '/engagements', { companyCage: 'TUR01', assessorEmail: 'lead@c3pao.example' }, contractor);
      await ok(422, 'GET', '/flowdown-checks/recheck?days=-1', undefined, prime);
      const malformed = await env.app.request('/api/v1/applicability', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: '{' });
      seen.push(await exchangeOf('POST', '/api/v1/applicability', malformed));
      expect(malformed.status).toBe(400);
      const wrongType = await env.app.request('/api/v1/applicability', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/plain' }, body: '{}' });
      seen.push(await exchangeOf('POST', '/api/v1/applicability', wrongType));
      expect(wrongType.status).toBe(415);

      expect(seen.flatMap((ex) => validator.check(ex))).toEqual([]);
      const answered = new Set(seen.filter((ex) => ex.status < 300).map((ex) => validator.operationOf(ex.method, ex.path)));
      expect(validator.operationIds.filter((id) => !answered.has(id))).toEqual([]);
    } finally {
      env.close();
      await emass.close();
    }
  }, 60_000);
});
