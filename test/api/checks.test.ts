/**
 * api.md `POST /api/v1/checks` and recorded verifications (rules §5): the answer's contract
 * fields, every reason listed, and immutability — a recorded verification never changes, the
 * database refuses UPDATE/DELETE, and the hash chains show tampering.
 */
import { createClient } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createTestDatabase } from '../../db/client.js';
import { createApp } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import { verifyChains } from '../../src/services/checks.js';
import { ensureAdminToken } from '../../src/services/users.js';
import { ADMIN_TOKEN, apiCaller, assessment, codesOf, company, errorPaths, ownEnv, TODAY, type TestEnv } from '../helpers.js';

const final = (uid: string, over: Record<string, unknown> = {}) => assessment(uid, ['PA001'], { scope: `Scope ${uid}`, ...over });
const IMPORT = {
  companies: [company('PA001'), company('PA002', 'PA001'), company('PS001')],
  assessments: [
    final('PA01000001'),
    final('PA01000002', { status: 'CONDITIONAL', score: 100, statusDate: '2026-10-01', cages: ['PA002'] }),
    final('PA01000003', { level: 'L2_SELF' }),
    final('PS01000001', { cages: ['PS001'] }),
  ],
  nistAssessments: [{ cages: ['PA001'], confidence: 'BASIC', assessmentDate: '2024-01-10', score: 95, fullImplementationDate: '2025-01-01' }],
};
const codeAndSeverity = (reasons: any[]) => reasons.map((r) => [r.code, r.severity]);

interface World {
  env: TestEnv;
  t: Record<'officer' | 'dibcac', string>;
  check: (body: Record<string, unknown>, token?: string) => ReturnType<TestEnv['api']>;
}

/** The records above, an officer and a DIBCAC assessor, in a database of the test's own. */
async function world(): Promise<World> {
  const env = await ownEnv();
  expect((await env.api('POST', '/api/v1/import', IMPORT)).status).toBe(201);
  const t = { officer: await env.user('officer@agency.example', 'CONTRACTING_OFFICER'), dibcac: await env.user('assessor@dibcac.example', 'DIBCAC') };
  const check: World['check'] = (body, token = t.officer) => env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', ...body }, token);
  return { env, t, check };
}

describe('api.md POST /api/v1/checks', () => {
  it('answers with the contract field names and every per-UID reason', async () => {
    const { check } = await world();
    const res = await check({
      asOf: TODAY,
      uids: [' pa01000001 ', 'PA01000002', 'PS01000001', 'PA01000003'],
      offerorCage: ' pa001 ',
      lookAheadDays: 60,
      lookAheadUntil: '2027-06-01',
      nist: { cages: ['PA001'], maxAgeDays: 1095 },
      record: false,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const a = res.json;
    for (const k of ['eligible', 'asOf', 'purpose', 'requiredLevel', 'reasons', 'uids', 'nist', 'phase', 'verificationId']) expect(a, k).toHaveProperty(k);
    expect(a).toMatchObject({ eligible: false, asOf: TODAY, purpose: 'AWARD', requiredLevel: 'L2_C3PAO', reasons: [], verificationId: null });
    expect(a.phase).toMatchObject({ phase: 2 });
    expect(typeof a.phase.advisory).toBe('string');

    expect(a.uids.map((u: any) => u.uid)).toEqual(['PA01000001', 'PA01000002', 'PS01000001', 'PA01000003']);
    const [final, conditional, sub, self] = a.uids;
    expect(final).toMatchObject({
      uid: 'PA01000001',
      eligible: true,
      status: { level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', currentThrough: '2027-06-01', cages: ['PA001'] },
      reasons: [],
    });
    // Conditional of 2026-10-01: current through 2027-03-30, before the officer's planned date.
    expect(conditional).toMatchObject({ eligible: true, status: { type: 'CONDITIONAL', currentThrough: '2027-03-30', cages: ['PA002'] } });
    expect(codeAndSeverity(conditional.reasons)).toEqual([['EXPIRES_WITHIN', 'warning']]);
    expect(sub.eligible).toBe(true);
    expect(codeAndSeverity(sub.reasons)).toEqual([['UID_NOT_OFFEROR_CAGE', 'info']]);
    expect(self).toMatchObject({ eligible: false, status: { level: 'L2_SELF', currentThrough: '2027-06-01' } });
    expect(codeAndSeverity(self.reasons)).toEqual([['LEVEL_TOO_LOW', 'error']]);
    for (const r of a.uids.flatMap((u: any) => u.reasons)) expect(Object.keys(r)).toEqual(expect.arrayContaining(['code', 'severity', 'message', 'citation']));
    expect(conditional.reasons[0].citation).toBe('DFARS 204.7502(a)(3) (maintain a current status for the life of the contract)');
    expect(self.reasons[0].citation).toBe('DFARS 204.7502(b)(1)(ii); 204.7503(b)');

    expect(a.nist).toHaveLength(1);
    expect(a.nist[0]).toMatchObject({ cage: 'PA001', eligible: true, reasons: [], assessment: { assessmentDate: '2024-01-10', score: 95, confidence: 'BASIC', fullImplementationDate: '2025-01-01' } });
  });

  it('is eligible only when no reason anywhere is an error', async () => {
    const { check } = await world();
    const res = await check({ uids: ['PA01000001', 'PS01000001'], offerorCage: 'PA001' });
    expect(res.json.eligible).toBe(true);
    const nist = await check({ uids: ['PA01000001'], nist: { cages: ['PA001', 'PS001'] } });
    expect(nist.json.eligible).toBe(false);
    expect(nist.json.nist.map((n: any) => [n.cage, n.eligible, codesOf(n.reasons, 'error')])).toEqual([
      ['PA001', true, []],
      ['PS001', false, ['NIST_ASSESSMENT_MISSING']],
    ]);
  });

  it('applies a shorter NIST maximum age from the solicitation', async () => {
    const { check } = await world();
    const res = await check({ uids: ['PA01000001'], nist: { cages: ['PA001'], maxAgeDays: 365 } });
    expect(codesOf(res.json.nist[0].reasons)).toEqual(['NIST_ASSESSMENT_EXPIRED']);
  });

  it('asOf defaults to today; a past asOf sees only what existed then', async () => {
    const { check } = await world();
    expect((await check({ uids: ['PA01000001'] })).json.asOf).toBe(TODAY);
    const past = await check({ uids: ['PA01000001', 'PA01000002'], asOf: '2026-09-01' });
    expect(past.json.uids.map((u: any) => [u.uid, u.eligible, codesOf(u.reasons)])).toEqual([
      ['PA01000001', true, []],
      ['PA01000002', false, ['UID_NOT_FOUND']],
    ]);
  });

  it('offer-level reasons: NO_UIDS_PROVIDED (error), DUPLICATE_UID once (warning)', async () => {
    const { check } = await world();
    const none = await check({ uids: [] });
    expect(none.json.eligible).toBe(false);
    expect(codeAndSeverity(none.json.reasons)).toEqual([['NO_UIDS_PROVIDED', 'error']]);
    const dup = await check({ uids: ['PA01000001', 'pa01000001', 'PA01000001 '] });
    expect(dup.json.eligible).toBe(true);
    expect(codeAndSeverity(dup.json.reasons)).toEqual([['DUPLICATE_UID', 'warning']]);
    expect(dup.json.uids).toHaveLength(1);
  });

  it('echoes a malformed UID normalised, as UID_INVALID_FORMAT', async () => {
    const { check } = await world();
    const res = await check({ uids: [' abc-12 '] });
    expect(res.status).toBe(200);
    expect(res.json.uids[0]).toMatchObject({ uid: 'ABC-12', eligible: false, status: null });
    expect(codesOf(res.json.uids[0].reasons)).toEqual(['UID_INVALID_FORMAT']);
  });

  it('lists every invalid field → 422; an unknown field → 422; malformed JSON → 400', async () => {
    const { env, t, check } = await world();
    const bad = await env.api('POST', '/api/v1/checks', { purpose: 'BUY', uids: ['PA01000001'], asOf: '2026-02-30', offerorCage: 'IOIOI' }, t.officer);
    expect(bad.status).toBe(422);
    expect(errorPaths(bad)).toEqual(['asOf', 'offerorCage', 'purpose', 'requiredLevel']);
    const unknown = await check({ uids: ['PA01000001'], urgent: true });
    expect(unknown.status).toBe(422);
    expect(errorPaths(unknown)).toEqual(['(body)']);
    expect((await env.api('POST', '/api/v1/checks', '{"purpose": "AWARD"', t.officer)).status).toBe(400);
  });

  it('a SAM attestation of "no" on an option fails it (SAM_NOT_CONFIRMED)', async () => {
    const { check } = await world();
    const res = await check({ purpose: 'OPTION', uids: ['PA01000001'], sam: { active: true, ueiCageNameAddressMatch: false } });
    expect(res.status).toBe(200);
    expect(res.json.eligible).toBe(false);
    expect(codeAndSeverity(res.json.reasons)).toEqual([['SAM_NOT_CONFIRMED', 'error']]);
  });
});

describe('api.md recorded verifications (rules §5: a recorded verification is immutable)', () => {
  const CONTRACT = 'W912-26-C-0001';
  /** An eligible award verification of PA01000001, recorded by the officer. */
  const recordAward = async ({ check }: World) => {
    const res = await check({ uids: ['PA01000001'], record: true, solicitationNumber: 'W912-26-R-0042', offerorCage: 'PA001' });
    expect(res.status).toBe(200);
    return res.json;
  };

  it('`record: true` stores the verification and returns its verificationId', async () => {
    const w = await world();
    const answer = await recordAward(w);
    // api.md: a check answers 200; with `record: true` the body carries the verificationId.
    expect(answer.verificationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(answer.eligible).toBe(true);
    const stored = (await w.env.database.client.execute({ sql: 'SELECT purpose, eligible FROM verifications WHERE id = ?', args: [answer.verificationId] })).rows;
    expect(stored.map((r) => [r.purpose, r.eligible])).toEqual([['AWARD', 1]]);
  });

  it('GET /api/v1/verifications/{id} returns the answer exactly as recorded, with recordedBy, recordedAt and the request', async () => {
    const w = await world();
    const recorded = await recordAward(w);
    const id = recorded.verificationId;
    const res = await w.env.api('GET', `/api/v1/verifications/${id}`, undefined, w.t.officer);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ verificationId: id, eligible: true, asOf: TODAY, purpose: 'AWARD', requiredLevel: 'L2_C3PAO', recordedBy: 'officer@agency.example' });
    expect(res.json.uids).toEqual(recorded.uids);
    expect(res.json.reasons).toEqual(recorded.reasons);
    expect(typeof res.json.recordedAt).toBe('string');
    expect(res.json.request).toMatchObject({ purpose: 'AWARD', uids: ['PA01000001'], solicitationNumber: 'W912-26-R-0042' });
    // DIBCAC users read all records, verifications included.
    expect((await w.env.api('GET', `/api/v1/verifications/${id}`, undefined, w.t.dibcac)).json).toEqual(res.json);
  });

  it('later changes to the SPRS records never alter it (a compliance change recorded afterwards)', async () => {
    const w = await world();
    const id = (await recordAward(w)).verificationId;
    const before = await w.env.api('GET', `/api/v1/verifications/${id}`, undefined, w.t.officer);
    const change = await w.env.api('POST', '/api/v1/uids/PA01000001/compliance-changes', { date: TODAY, description: 'Backups stopped' });
    expect(change.status).toBe(201);
    const now = await w.check({ uids: ['PA01000001'] });
    expect(now.json.eligible).toBe(false);
    expect(codesOf(now.json.uids[0].reasons)).toEqual(['COMPLIANCE_CHANGED']);
    const again = await w.env.api('GET', `/api/v1/verifications/${id}`, undefined, w.t.officer);
    expect(again.json).toEqual(before.json);
    expect(again.json.eligible).toBe(true);
  });

  it('an OPTION verification needs the SAM attestations and a contract number → 422 listing both', async () => {
    const { env, t, check } = await world();
    const res = await check({ purpose: 'OPTION', uids: ['PS01000001'], record: true });
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['contractNumber', 'sam']);
    const noSam = await check({ purpose: 'OPTION', uids: ['PS01000001'], record: true, contractNumber: CONTRACT });
    expect(noSam.status).toBe(422);
    expect(errorPaths(noSam)).toEqual(['sam']);
    expect((await env.api('GET', `/api/v1/verifications?contractNumber=${CONTRACT}`, undefined, t.officer)).json.items).toEqual([]);
  });

  it('records an option whose SAM attestation is "no" as ineligible (SAM_NOT_CONFIRMED)', async () => {
    const { env, t, check } = await world();
    const res = await check({ purpose: 'OPTION', uids: ['PS01000001'], record: true, contractNumber: CONTRACT, sam: { active: false, ueiCageNameAddressMatch: true } });
    expect(res.status).toBe(200);
    expect(res.json.eligible).toBe(false);
    expect(codeAndSeverity(res.json.reasons)).toEqual([['SAM_NOT_CONFIRMED', 'error']]);
    const list = await env.api('GET', `/api/v1/verifications?contractNumber=${CONTRACT}`, undefined, t.officer);
    expect(list.json.items.map((v: any) => [v.verificationId, v.eligible])).toEqual([[res.json.verificationId, false]]);
  });

  it("lists a contract's verifications newest first", async () => {
    const { env, t, check } = await world();
    const refused = await check({ purpose: 'OPTION', uids: ['PS01000001'], record: true, contractNumber: CONTRACT, sam: { active: false, ueiCageNameAddressMatch: true } });
    const option = await check({ purpose: 'OPTION', uids: ['PS01000001'], record: true, contractNumber: CONTRACT, sam: { active: true, ueiCageNameAddressMatch: true } });
    expect(option.status).toBe(200);
    expect(option.json.eligible).toBe(true);
    const extension = await check({ purpose: 'EXTENSION', uids: ['PS01000001'], record: true, contractNumber: CONTRACT });
    expect(extension.status).toBe(200);
    const other = await check({ purpose: 'NEW_UID', uids: ['PS01000001'], record: true, contractNumber: 'W912-26-C-0999' });
    expect(other.status).toBe(200);
    const list = await env.api('GET', `/api/v1/verifications?contractNumber=${CONTRACT}`, undefined, t.officer);
    expect(list.status).toBe(200);
    expect(list.json.items.map((v: any) => [v.purpose, v.verificationId, v.contractNumber])).toEqual([
      ['EXTENSION', extension.json.verificationId, CONTRACT],
      ['OPTION', option.json.verificationId, CONTRACT],
      ['OPTION', refused.json.verificationId, CONTRACT],
    ]);
  });

  it('an unknown verification → 404', async () => {
    const { env, t } = await world();
    expect((await env.api('GET', '/api/v1/verifications/00000000-0000-0000-0000-000000000000', undefined, t.officer)).status).toBe(404);
  });

  it('the database refuses UPDATE and DELETE on recorded verifications and on the audit log', async () => {
    const w = await world();
    const id = (await recordAward(w)).verificationId;
    const recorded = (await w.env.api('GET', `/api/v1/verifications/${id}`, undefined, w.t.officer)).json;
    const { client } = w.env.database;
    await expect(client.execute('UPDATE verifications SET eligible = 0')).rejects.toThrow(/immutable/);
    await expect(client.execute({ sql: 'DELETE FROM verifications WHERE id = ?', args: [id] })).rejects.toThrow(/immutable/);
    await expect(client.execute("UPDATE audit_log SET action = 'nothing'")).rejects.toThrow(/append-only/);
    await expect(client.execute('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    const rows = (await client.execute({ sql: 'SELECT eligible FROM verifications WHERE id = ?', args: [id] })).rows;
    expect(rows.map((r) => r.eligible)).toEqual([1]);
    expect((await w.env.api('GET', `/api/v1/verifications/${id}`, undefined, w.t.officer)).json).toEqual(recorded);
  });
});

describe('verifyChains (src/services/checks.ts): the hash chains show tampering', () => {
  const clock = fixedClock(TODAY);

  /** A file database (an intruder opens the same file) holding two recorded verifications. */
  async function chainedDatabase() {
    const dir = mkdtempSync(join(tmpdir(), 'awardgate-chain-'));
    const file = join(dir, 'awardgate.db');
    const database = await createTestDatabase(`file:${file}`);
    onTestFinished(() => {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await ensureAdminToken({ database, clock }, ADMIN_TOKEN);
    const api = apiCaller(createApp({ database, clock }));
    expect((await api('POST', '/api/v1/import', IMPORT)).status).toBe(201);
    expect((await api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', uids: ['PA01000001'], record: true })).status).toBe(200);
    expect((await api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: ['PA01000003'], record: true })).status).toBe(200);
    /** Runs SQL through a connection of its own that first drops the named append-only trigger. */
    const intrude = async (trigger: string, sql: string) => {
      const intruder = createClient({ url: `file:${file}` });
      try {
        await intruder.execute(`DROP TRIGGER ${trigger}`);
        await intruder.execute(sql);
      } finally {
        intruder.close();
      }
    };
    return { database, intrude };
  }

  it('reports ok for an untouched database', async () => {
    const { database } = await chainedDatabase();
    expect(await verifyChains({ database, clock })).toEqual({ ok: true, problems: [] });
  });

  it('reports the audit entry altered through a connection that dropped the append-only trigger', async () => {
    const { database, intrude } = await chainedDatabase();
    await intrude('audit_log_no_update', "UPDATE audit_log SET detail_json = '{\"forged\":true}' WHERE id = (SELECT min(id) FROM audit_log)");
    const out = await verifyChains({ database, clock });
    expect(out.ok).toBe(false);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toMatch(/^audit entry \d+ does not match its hash chain$/);
  });

  it('reports an altered recorded verification the same way', async () => {
    const { database, intrude } = await chainedDatabase();
    await intrude('verifications_no_update', 'UPDATE verifications SET eligible = 1 - eligible WHERE seq = 2');
    const out = await verifyChains({ database, clock });
    expect(out.ok).toBe(false);
    expect(out.problems).toEqual([expect.stringMatching(/^verification [0-9a-f-]{36} \(seq 2\) does not match its hash chain$/)]);
  });
});
