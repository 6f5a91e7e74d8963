/**
 * Issue 12, finding 2: the import is written while it is read (src/services/import-stream.ts), in
 * one transaction, batch by batch. It must still store exactly what the normal path stores, and
 * nothing at all when a record late in the body is invalid, conflicts, or the client goes away.
 * A database file (not `:memory:`), as the server runs it, so the import really pauses between
 * batches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../db/client.js';
import { generateDod, DEFAULT_DOD_OPTIONS } from '../../seeds/dod-scale.js';
import { fixedClock } from '../../src/clock.js';
import { importRecords } from '../../src/services/import.js';
import { importStream, type ImportProgress } from '../../src/services/import-stream.js';
import { ImportInput } from '../../src/services/inputs.js';
import { actorForApiToken, ensureAdminToken } from '../../src/services/users.js';
import { ADMIN_TOKEN, TODAY, assessment, company } from '../helpers.js';

const clock = fixedClock(TODAY);
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function fresh(file = true) {
  let database: Database;
  if (file) {
    const dir = mkdtempSync(join(tmpdir(), 'awardgate-import-stream-'));
    database = await createTestDatabase(`file:${join(dir, 'sprs.db')}`);
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  } else database = await createTestDatabase();
  cleanups.unshift(() => database.close());
  const ctx = { database, clock };
  await ensureAdminToken(ctx, ADMIN_TOKEN);
  const actor = (await actorForApiToken(database.db, ADMIN_TOKEN))!;
  return { ctx, actor, database };
}

/** The body in pieces of 4 KiB, as a network delivers it; `cut` throws after that many bytes. */
async function* pieces(json: string, cut = Infinity): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(json);
  for (let at = 0; at < bytes.length; at += 4096) {
    if (at >= cut) throw new Error('the client went away');
    yield bytes.subarray(at, at + 4096);
  }
}

const count = async (database: Database, table: string) => Number((await database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
const stored = async (database: Database) => (await count(database, 'assessments')) + (await count(database, 'companies')) + (await count(database, 'scopes'));

/** 1,200 Final L2 (Self) records of ST001, each its own scope: several write batches (250 records each). */
const many = (n = 1200) => Array.from({ length: n }, (_, i) => assessment(`ST${String(i).padStart(8, '0')}`, ['ST001'], { level: 'L2_SELF', scope: `Stream scope ${i}`, score: 110 }));

describe('the streamed import', () => {
  it('writes while it reads: assessments are written before the body has been read', async () => {
    const { ctx, actor, database } = await fresh();
    const seen: ImportProgress[] = [];
    const body = JSON.stringify({ companies: [company('ST001')], assessments: many() });
    const result = await importStream(ctx, actor, pieces(body), (p) => seen.push(p));
    expect(result).toEqual({ imported: { companies: 1, assessments: 1200, nistAssessments: 0 } });
    const whileReading = seen.filter((p) => p.phase === 'reading' && p.written > 0);
    expect(whileReading.length).toBeGreaterThan(0);
    expect(whileReading[0].bytes).toBeLessThan(Buffer.byteLength(body));
    expect(await count(database, 'assessments')).toBe(1200);
  });

  it('stores nothing when the last record breaks a rule, after earlier batches were written', async () => {
    const { ctx, actor, database } = await fresh();
    const records = many();
    records[1199] = assessment('ST00001199', ['ST001'], { level: 'L1_SELF', status: 'CONDITIONAL', scope: 'Stream scope 1199', score: null });
    let written = 0;
    const error = await importStream(ctx, actor, pieces(JSON.stringify({ companies: [company('ST001')], assessments: records })), (p) => (written = Math.max(written, p.written))).catch((e) => e);
    expect(error).toMatchObject({ kind: 'validation', errors: [{ path: 'assessments.1199.status' }] });
    expect(written).toBeGreaterThanOrEqual(1000);
    expect(await stored(database)).toBe(0);
  });

  /** STOLD00001 stored first; then 1,200 records with it at `storedAt` and a copy of record `from` at `copyAt`. */
  async function conflicting(storedAt: number, from: number, copyAt: number) {
    const { ctx, actor, database } = await fresh();
    await importStream(ctx, actor, pieces(JSON.stringify({ companies: [company('ST001')], assessments: [assessment('STOLD00001', ['ST001'])] })));
    const records = many();
    records[storedAt] = assessment('STOLD00001', ['ST001'], { scope: 'Another' });
    records[copyAt] = records[from];
    const error = await importStream(ctx, actor, pieces(JSON.stringify({ assessments: records }))).catch((e) => e);
    return { error, assessments: await count(database, 'assessments') };
  }

  /** Refused with exactly these conflicts, storing nothing of the batch (STOLD00001 stays alone). */
  function expectOnlyConflicts({ error, assessments }: Awaited<ReturnType<typeof conflicting>>, errors: { path: string; message: string }[]) {
    expect(error).toMatchObject({ kind: 'conflict', errors });
    expect(error.errors).toHaveLength(errors.length);
    expect(assessments).toBe(1);
  }

  it('answers 409 for a UID stored before, found late in the body, and stores nothing of the batch', async () => {
    const result = await conflicting(1100, 3, 1150);
    expect(result.error.message).toBe('2 UID conflict(s); nothing was imported');
    expectOnlyConflicts(result, [
      { path: 'assessments.1150.uid', message: 'UID ST00000003 appears twice in the request' },
      { path: 'assessments.1100.uid', message: 'UID STOLD00001 is already stored; UIDs are never reused' },
    ]);
  });

  it('still lists every repeat after an early conflict has stopped the writing', async () => {
    expectOnlyConflicts(await conflicting(100, 200, 900), [
      { path: 'assessments.900.uid', message: 'UID ST00000200 appears twice in the request' },
      { path: 'assessments.100.uid', message: 'UID STOLD00001 is already stored; UIDs are never reused' },
    ]);
  });

  it('rolls back what it wrote when the client goes away, and the next import runs', async () => {
    const { ctx, actor, database } = await fresh();
    const body = JSON.stringify({ companies: [company('ST001')], assessments: many() });
    await expect(importStream(ctx, actor, pieces(body, body.length - 8192))).rejects.toThrow('the client went away');
    expect(await stored(database)).toBe(0);
    const again = await importStream(ctx, actor, pieces(JSON.stringify({ companies: [company('ST001')], assessments: many(3) })));
    expect(again.imported.assessments).toBe(3);
  });

  it('takes companies listed after the records that name them (their HLO as given)', async () => {
    const { ctx, actor, database } = await fresh();
    const body = JSON.stringify({
      assessments: [assessment('STLATE0001', ['ST002']), assessment('STLATE0002', ['ST001'], { scope: 'Other' })],
      companies: [company('ST001'), company('ST002', 'ST001')],
    });
    expect(await importStream(ctx, actor, pieces(body))).toEqual({ imported: { companies: 2, assessments: 2, nistAssessments: 0 } });
    const rows = (await database.client.execute('SELECT uid, hlo_cage FROM assessments ORDER BY uid')).rows.map((r) => [r.uid, r.hlo_cage]);
    expect(rows).toEqual([
      ['STLATE0001', 'ST001'],
      ['STLATE0002', 'ST001'],
    ]);
  });

  it('refuses a batch that moves a stored company to another HLO after records written under the old one', async () => {
    const { ctx, actor, database } = await fresh();
    await importStream(ctx, actor, pieces(JSON.stringify({ companies: [company('ST001'), company('ST009')] })));
    // 600 records: the first batches are written before the companies are read, under HLO ST009.
    const records = many(600).map((r) => ({ ...r, cages: ['ST009'] }));
    const body = JSON.stringify({ assessments: records, companies: [company('ST009', 'ST001')] });
    const error = await importStream(ctx, actor, pieces(body)).catch((e) => e);
    expect(error).toMatchObject({ kind: 'validation', errors: [{ path: 'companies.0.hloCage' }] });
    expect(error.errors).toHaveLength(1);
    expect(await count(database, 'assessments')).toBe(0);
    const [hlo] = (await database.client.execute("SELECT hlo_cage FROM companies WHERE cage = 'ST009'")).rows;
    expect(hlo.hlo_cage).toBe('ST009');
    // Held back until the companies are read, a short batch gets the new HLO, as the normal path gives it.
    const short = JSON.stringify({ assessments: records.slice(0, 2), companies: [company('ST009', 'ST001')] });
    expect((await importStream(ctx, actor, pieces(short))).imported.assessments).toBe(2);
    const hlos = (await database.client.execute('SELECT DISTINCT hlo_cage FROM assessments')).rows.map((r) => r.hlo_cage);
    expect(hlos).toEqual(['ST001']);
  });

  it('refuses an array given twice in the body (its first records are written by then)', async () => {
    const { ctx, actor, database } = await fresh();
    const body = `{"companies":${JSON.stringify([company('ST001')])},"assessments":${JSON.stringify(many(600))},"assessments":[]}`;
    const error = await importStream(ctx, actor, pieces(body)).catch((e) => e);
    expect(error).toMatchObject({ kind: 'validation', errors: [{ path: 'assessments', message: 'appears twice in the body; give each array once' }] });
    expect(await stored(database)).toBe(0);
  });

  it('stores the same rows as the normal path, with supersession groups that span its write batches', async () => {
    const [first] = [...generateDod({ ...DEFAULT_DOD_OPTIONS, scale: 0.002, batchSize: 1500 })];
    const input = ImportInput.parse(first);
    const normal = await fresh(false);
    const streamed = await fresh();
    await importRecords(normal.ctx, normal.actor, input);
    await importStream(streamed.ctx, streamed.actor, pieces(JSON.stringify(first)));
    // `seq` counts arrivals: the normal path counts in status-date order, the stream as records come.
    const dump = async (database: Database) => ({
      scopes: (await database.client.execute('SELECT hlo_cage, name_key, description FROM scopes ORDER BY hlo_cage, name_key')).rows.map((r) => ({ ...r })),
      assessments: (await database.client.execute('SELECT uid, hlo_cage, level, family, posted_type, status_date, score, cages_json, supersedes_uid, superseded_by_uid, superseded_on FROM assessments ORDER BY uid')).rows.map((r) => ({ ...r })),
      cages: (await database.client.execute('SELECT * FROM assessment_cages ORDER BY assessment_uid, cage')).rows.map((r) => ({ ...r })),
      affirmations: (await database.client.execute('SELECT assessment_uid, date, name, title, statement FROM affirmations ORDER BY assessment_uid, date, name')).rows.map((r) => ({ ...r })),
      nist: (await database.client.execute('SELECT hlo_cage, assessment_date, score, cages_json FROM nist_assessments ORDER BY hlo_cage, assessment_date, score, cages_json')).rows.map((r) => ({ ...r })),
    });
    const [a, b] = [await dump(normal.database), await dump(streamed.database)];
    expect(a.assessments.length).toBeGreaterThan(1000);
    expect(a.assessments.filter((r) => r.superseded_by_uid).length).toBeGreaterThan(50);
    for (const k of Object.keys(a) as (keyof typeof a)[]) expect(b[k], k).toEqual(a[k]);
  });
});
