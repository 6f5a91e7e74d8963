/**
 * The bulk import path (seeds/dod-scale.ts) must store exactly what the normal path stores, keep
 * all-or-nothing per call, and the DoD-scale generator must be deterministic and valid.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../db/client.js';
import { generateDod, dodTotals, DEFAULT_DOD_OPTIONS, type DodBatch } from '../../seeds/dod-scale.js';
import { fixedClock } from '../../src/clock.js';
import { CAGE_PATTERN, UEI_PATTERN, UID_PATTERN } from '../../src/domain/identifiers.js';
import { importRecords } from '../../src/services/import.js';
import { ImportInput } from '../../src/services/inputs.js';
import { actorForApiToken, ensureAdminToken } from '../../src/services/users.js';
import { ADMIN_TOKEN, TODAY } from '../helpers.js';

const clock = fixedClock(TODAY);
const opened: Database[] = [];
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
});

async function fresh() {
  const database = await createTestDatabase();
  opened.push(database);
  const ctx = { database, clock };
  await ensureAdminToken(ctx, ADMIN_TOKEN);
  const actor = (await actorForApiToken(database.db, ADMIN_TOKEN))!;
  return { ctx, actor, database };
}

const TABLES = {
  companies: 'cage',
  scopes: 'id',
  assessments: 'uid',
  assessment_cages: 'assessment_uid, cage',
  affirmations: 'id',
  compliance_changes: 'id',
  closeouts: 'id',
  poam_items: 'assessment_uid, requirement_id',
  nist_assessments: 'id',
  nist_assessment_cages: 'nist_assessment_id, cage',
};

async function dump(database: Database) {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(TABLES)) out[table] = (await database.client.execute(`SELECT * FROM ${table} ORDER BY ${order}`)).rows.map((r) => ({ ...r }));
  return out;
}

const small = { ...DEFAULT_DOD_OPTIONS, scale: 0.002, batchSize: 1500 };
const batches = (opts = small): DodBatch[] => [...generateDod(opts)];

describe('bulk import path', () => {
  it('stores the same rows as the normal path, also when a later batch extends existing scopes', async () => {
    const all = batches();
    expect(all.length).toBeGreaterThan(2);
    // A later batch that adds a newer assessment to a scope created by the first batch (relink path).
    const first = ImportInput.parse(all[0]);
    const older = first.assessments.find((a) => a.status === 'FINAL')!;
    const extension = ImportInput.parse({
      assessments: [{ uid: 'ZZBULK0001', level: older.level, status: 'FINAL', statusDate: TODAY, cages: older.cages, scope: ` ${older.scope.toUpperCase()} `, score: older.score ?? undefined }],
    });
    const normal = await fresh();
    const bulk = await fresh();
    for (const raw of all) {
      const input = ImportInput.parse(raw);
      expect(await importRecords(normal.ctx, normal.actor, input)).toEqual(await importRecords(bulk.ctx, bulk.actor, input, { bulk: true }));
    }
    await importRecords(normal.ctx, normal.actor, extension);
    await importRecords(bulk.ctx, bulk.actor, extension, { bulk: true });
    const [a, b] = [await dump(normal.database), await dump(bulk.database)];
    for (const table of Object.keys(TABLES)) expect(b[table], table).toEqual(a[table]);
    const superseded = a.assessments.filter((r: any) => r.superseded_by_uid);
    expect(superseded.length).toBeGreaterThan(100);
    expect(a.assessments.find((r: any) => r.superseded_by_uid === 'ZZBULK0001')).toBeTruthy();
  });

  it('stores nothing from a bulk call when one record is invalid', async () => {
    const { ctx, actor, database } = await fresh();
    const input = ImportInput.parse(batches()[0]);
    const conditional = input.assessments.findIndex((a) => a.status === 'CONDITIONAL');
    input.assessments[conditional] = { ...input.assessments[conditional], closeout: { date: '2019-01-01', result: 'SUCCESS' } };
    await expect(importRecords(ctx, actor, input, { bulk: true })).rejects.toMatchObject({ kind: 'validation' });
    const [{ n }] = (await database.client.execute('SELECT (SELECT count(*) FROM assessments) + (SELECT count(*) FROM companies) AS n')).rows as any;
    expect(Number(n)).toBe(0);
  });

  it('answers a UID already stored with a conflict and stores nothing of that bulk call', async () => {
    const { ctx, actor, database } = await fresh();
    const [one, two] = batches().map((b) => ImportInput.parse(b));
    await importRecords(ctx, actor, one, { bulk: true });
    const before = await dump(database);
    const clash = { ...two, assessments: [...two.assessments, one.assessments[0]] };
    const bulkError = await importRecords(ctx, actor, clash, { bulk: true }).catch((e) => e);
    expect(bulkError).toMatchObject({ kind: 'conflict', errors: [{ path: `assessments.${two.assessments.length}.uid` }] });
    expect(await dump(database)).toEqual(before);
    // The normal path answers the same conflict.
    const normalError = await importRecords(ctx, actor, clash).catch((e) => e);
    expect({ message: normalError.message, errors: normalError.errors }).toEqual({ message: bulkError.message, errors: bulkError.errors });
  });
});

describe('DoD-scale generator', () => {
  it('yields the same records for the same seed, whatever the batch size', () => {
    const flat = (bs: DodBatch[]) => bs.flatMap((b) => b.assessments.map((a) => JSON.stringify(a)));
    expect(flat(batches({ ...small, batchSize: 700 }))).toEqual(flat(batches()));
    expect(flat(batches({ ...small, seed: 'other' }))).not.toEqual(flat(batches()));
  });

  it('generates exactly the scaled totals with valid identifiers and every kind of status', () => {
    const all = batches();
    const companies = all.flatMap((b) => b.companies) as any[];
    const assessments = all.flatMap((b) => b.assessments) as any[];
    expect(companies.length).toBe(dodTotals(small.scale).companies);
    expect(assessments.length).toBe(dodTotals(small.scale).uids);
    expect(new Set(companies.map((c) => c.cage)).size).toBe(companies.length);
    expect(new Set(assessments.map((a) => a.uid)).size).toBe(assessments.length);
    expect(companies.every((c) => CAGE_PATTERN.test(c.cage) && (c.uei === null || UEI_PATTERN.test(c.uei)))).toBe(true);
    expect(assessments.every((a) => UID_PATTERN.test(a.uid))).toBe(true);
    expect(companies.some((c) => c.cage !== c.hloCage)).toBe(true);
    const kinds = new Set(assessments.map((a) => `${a.level}/${a.status}`));
    for (const k of ['L1_SELF/FINAL', 'L1_SELF/NONE', 'L2_SELF/CONDITIONAL', 'L2_C3PAO/FINAL', 'L2_C3PAO/NONE', 'L3_DIBCAC/FINAL']) expect(kinds).toContain(k);
    expect(assessments.some((a) => a.closeout?.result === 'SUCCESS')).toBe(true);
    expect(assessments.some((a) => a.closeout?.result === 'FAILED')).toBe(true);
    expect(assessments.some((a) => a.complianceChanges?.length)).toBe(true);
    expect(assessments.filter((a) => a.supersedes).length).toBeGreaterThan(assessments.length / 3);
    const affirmations = assessments.reduce((n, a) => n + (a.affirmations?.length ?? 0), 0);
    expect(affirmations / assessments.length).toBeGreaterThan(1.05);
    expect(affirmations / assessments.length).toBeLessThan(1.35);
  });
});
