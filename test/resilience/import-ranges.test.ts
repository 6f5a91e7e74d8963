/**
 * Issue 12, finding 10, at the API edge: the import refuses what the scoring rules forbid (rules §6;
 * README "Rule decisions") and dates outside 2000-01-01 … 2100-12-31, and stores nothing of a batch
 * with such a record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { company, testEnv, type TestEnv } from '../helpers.js';

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.close());

const good = { uid: 'RG00000001', level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-06-01', cages: ['RG001'], scope: 'Enterprise', score: 110 };

async function refused(record: Record<string, unknown>): Promise<{ path: string; message: string }[]> {
  const res = await env.api('POST', '/api/v1/import', { companies: [company('RG001')], assessments: [good, { ...good, uid: 'RG00000002', ...record }] });
  expect(res.status, JSON.stringify(res.json)).toBe(422);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  // All or nothing: the good record of the same batch is not stored either.
  expect((await env.api('GET', '/api/v1/uids/RG00000001')).status).toBe(404);
  return res.json.errors;
}

describe('the import applies the scoring rules to each record', () => {
  it('refuses an L2 (C3PAO) Final with score 50', async () => {
    expect(await refused({ score: 50 })).toEqual([{ path: 'assessments.1.score', message: 'a Final Level 2 status has the score 110' }]);
  });

  it('refuses an L2 (Self) Conditional with score 10', async () => {
    expect(await refused({ level: 'L2_SELF', status: 'CONDITIONAL', score: 10 })).toEqual([{ path: 'assessments.1.score', message: 'a Conditional Level 2 status has a score from 88 to 109' }]);
  });

  it('refuses a Level 3 Final with score 23', async () => {
    expect(await refused({ level: 'L3_DIBCAC', score: 23 })).toEqual([{ path: 'assessments.1.score', message: 'a Final Level 3 status has the score 24' }]);
  });

  it('stores a batch whose scores fit: L2 Final 110, L2 Conditional 88, No CMMC Status −203, Level 3 Final 24', async () => {
    const res = await env.api('POST', '/api/v1/import', {
      companies: [company('RG001')],
      assessments: [
        good,
        { ...good, uid: 'RG00000003', status: 'CONDITIONAL', score: 88, poam: ['AC.L2-3.1.3'] },
        { ...good, uid: 'RG00000004', level: 'L2_SELF', status: 'NONE', score: -203, scope: 'Other' },
        { ...good, uid: 'RG00000005', level: 'L3_DIBCAC', score: 24, scope: 'Lab' },
      ],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.imported.assessments).toBe(4);
  });
});

describe('every date at the edge is within 2000-01-01 … 2100-12-31', () => {
  it('refuses a status date in year 9999, an expanded year and 1999-12-31', async () => {
    for (const statusDate of ['9999-12-31', '+010002-12-31', '1999-12-31']) {
      const errors = await refused({ statusDate });
      expect(errors.map((e) => e.path), statusDate).toEqual(['assessments.1.statusDate']);
    }
  });

  it('refuses an affirmation dated 2101-01-01; an asOf in year 9999 is ignored, as any value that is not a date', async () => {
    const errors = await refused({ affirmations: [{ date: '2101-01-01', name: 'Pat', title: 'CEO' }] });
    expect(errors.map((e) => e.path)).toEqual(['assessments.1.affirmations.0.date']);
    expect((await env.api('POST', '/api/v1/import', { companies: [company('RG001')], assessments: [good] })).status).toBe(201);
    const far = await env.api('GET', '/api/v1/uids/RG00000001?asOf=9999-12-31');
    expect(far.status).toBe(200);
    expect(JSON.stringify(far.json)).not.toContain('9999');
    expect(JSON.stringify(far.json)).not.toContain('+0100');
  });
});
