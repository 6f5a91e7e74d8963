/**
 * api.md `POST /api/v1/applicability` (rules §8) and `POST /api/v1/flowdown/required-level`
 * (rules §7): anyone signed in; the answer's field names as the contract fixes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { company, testEnv, type TestEnv } from '../helpers.js';

// Read only: no test here writes, so they share one database.
let env: TestEnv;
const t: Record<string, string> = {};
beforeAll(async () => {
  env = await testEnv();
  expect((await env.api('POST', '/api/v1/import', { companies: [company('PA001')] })).status).toBe(201);
  t.contractor = await env.user('ao@pa001.example', 'CONTRACTOR', 'PA001');
  t.officer = await env.user('officer@agency.example', 'CONTRACTING_OFFICER');
  t.c3pao = await env.user('lead@c3pao.example', 'C3PAO');
});
afterAll(() => env.close());

const applicability = (body: Record<string, unknown>, token = t.officer) =>
  env.api('POST', '/api/v1/applicability', { cotsOnly: false, waiver: false, ...body }, token);

describe('api.md POST /api/v1/applicability (rules §8; DFARS 204.7504)', () => {
  it('answers with clauseApplies, clauses, requiredLevel, phase { phase, advisory } and reasons', async () => {
    const res = await applicability({ issueDate: '2026-01-15', programOfficeLevel: 'L2_SELF', information: 'CUI' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['clauseApplies', 'clauses', 'phase', 'reasons', 'requiredLevel']);
    expect(res.json).toMatchObject({
      clauseApplies: true,
      clauses: ['DFARS 252.204-7021', 'DFARS 252.204-7025'],
      requiredLevel: 'L2_SELF',
      phase: { phase: 1 },
    });
    expect(typeof res.json.phase.advisory).toBe('string');
    for (const r of res.json.reasons) expect(Object.keys(r)).toEqual(expect.arrayContaining(['code', 'severity', 'message', 'citation']));
  });

  it('is open to anyone signed in (contractor, C3PAO) and closed without a token', async () => {
    const body = { issueDate: '2026-01-15', programOfficeLevel: 'L2_SELF', information: 'CUI' };
    expect((await applicability(body, t.contractor)).status).toBe(200);
    expect((await applicability(body, t.c3pao)).status).toBe(200);
    expect((await env.api('POST', '/api/v1/applicability', body, null)).status).toBe(401);
  });

  it('before 2025-11-10: not yet effective, requiredLevel null and phase { phase: null, advisory }', async () => {
    const res = await applicability({ issueDate: '2025-11-09', programOfficeLevel: 'L2_C3PAO', information: 'CUI' });
    expect(res.json).toMatchObject({ clauseApplies: false, clauses: [], requiredLevel: null, phase: { phase: null } });
    expect(res.json.phase.advisory).toMatch(/2025-11-10/);
    expect(res.json.reasons.map((r: any) => r.code)).toEqual(['CLAUSE_NOT_YET_EFFECTIVE']);
  });

  it('waiver or COTS-only: the clause is not used', async () => {
    for (const exempt of [{ waiver: true }, { cotsOnly: true }]) {
      const res = await applicability({ issueDate: '2026-01-15', programOfficeLevel: 'L2_SELF', information: 'CUI', ...exempt });
      expect(res.json).toMatchObject({ clauseApplies: false, requiredLevel: null });
    }
  });

  it('2025-11-10 … 2028-11-09: used only when the program office set a level', async () => {
    const none = await applicability({ issueDate: '2027-03-01', programOfficeLevel: null, information: 'CUI' });
    expect(none.json).toMatchObject({ clauseApplies: false, requiredLevel: null });
    const unusual = await applicability({ issueDate: '2027-03-01', programOfficeLevel: 'L1_SELF', information: 'NONE' });
    expect(unusual.json).toMatchObject({ clauseApplies: true, requiredLevel: 'L1_SELF' });
    expect(unusual.json.reasons.filter((r: any) => r.severity === 'warning').map((r: any) => r.code)).toEqual(['LEVEL_WITHOUT_INFORMATION']);
  });

  it('from 2028-11-10: used when contractor systems handle FCI or CUI; requiredLevel null when none was set', async () => {
    const res = await applicability({ issueDate: '2028-11-10', programOfficeLevel: null, information: 'FCI' });
    expect(res.json).toMatchObject({ clauseApplies: true, requiredLevel: null, phase: { phase: 4 } });
    const none = await applicability({ issueDate: '2028-11-10', programOfficeLevel: 'L2_SELF', information: 'NONE' });
    expect(none.json).toMatchObject({ clauseApplies: false, requiredLevel: null });
  });

  it('lists every invalid field → 422; unknown field → 422; malformed JSON → 400', async () => {
    const bad = await env.api('POST', '/api/v1/applicability', { issueDate: '2026-02-30', information: 'SECRET', programOfficeLevel: 'L9' }, t.officer);
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    expect(bad.json.errors.map((e: any) => e.path).sort()).toEqual(['information', 'issueDate', 'programOfficeLevel']);
    const unknown = await applicability({ issueDate: '2026-01-15', information: 'CUI', urgency: 'high' });
    expect(unknown.status).toBe(422);
    expect((await env.api('POST', '/api/v1/applicability', '{', t.officer)).status).toBe(400);
  });
});

describe('api.md POST /api/v1/flowdown/required-level (rules §7; 32 CFR 170.23)', () => {
  it.each`
    primeLevel     | information | min
    ${'L3_DIBCAC'} | ${'CUI'}    | ${'L2_C3PAO'}
    ${'L2_C3PAO'}  | ${'CUI'}    | ${'L2_C3PAO'}
    ${'L2_SELF'}   | ${'CUI'}    | ${'L2_SELF'}
    ${'L1_SELF'}   | ${'CUI'}    | ${'L2_SELF'}
    ${'L3_DIBCAC'} | ${'FCI'}    | ${'L1_SELF'}
    ${'L2_C3PAO'}  | ${'NONE'}   | ${null}
  `('a $primeLevel prime with $information flowing down → $min', async ({ primeLevel, information, min }) => {
    const res = await env.api('POST', '/api/v1/flowdown/required-level', { primeLevel, information }, t.contractor);
    expect(res.status).toBe(200);
    expect(res.json.subMinimumLevel).toBe(min);
    expect(res.json.citation).toBe('32 CFR 170.23(a); DFARS 252.204-7021(d)(1)(ii), (f)(2)');
  });

  it('refuses a bad level, an unknown field and a missing token', async () => {
    const bad = await env.api('POST', '/api/v1/flowdown/required-level', { primeLevel: 'L4', information: 'CUI', extra: 1 }, t.contractor);
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: any) => e.path).sort()).toEqual(['(body)', 'primeLevel']);
    expect((await env.api('POST', '/api/v1/flowdown/required-level', { primeLevel: 'L2_SELF', information: 'CUI' }, null)).status).toBe(401);
  });
});
