/**
 * Bulk load of SPRS records with their historical dates (api.md POST /api/v1/import).
 * All or nothing: every record is validated before anything is written (import-validation.ts), and
 * the writes run in one transaction, so a rejected batch stores nothing.
 */
import { sql } from 'drizzle-orm';
import {
  affirmations,
  assessmentCages,
  assessments,
  closeouts,
  companies,
  complianceChanges,
  nistAssessmentCages,
  nistAssessments,
  poamItems,
} from '../../db/schema.js';
import { AFFIRMATION_STATEMENT } from '../domain/affirmation-schedule.js';
import { levelFamily } from '../domain/levels.js';
import { scopeKey } from '../domain/supersession.js';
import { requireReach, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { AUDITED_UIDS, bulkWrite, type BulkWriteOptions } from './import-bulk.js';
import { chunk, validateImport } from './import-validation.js';
import type { ImportInput } from './inputs.js';
import { relinkSupersession, scopeIdFor, type GroupKey } from './scopes.js';

export interface ImportResult {
  imported: { companies: number; assessments: number; nistAssessments: number };
}

export interface ImportOptions extends BulkWriteOptions {
  /**
   * Bulk loading (seeds/dod-scale.ts, 5–20k records per call): the same validation, the same
   * answers (422/409 with the same paths) and one transaction per call (a rejected batch stores
   * nothing), written with fewer statements:
   * - rows go in multi-row INSERTs whose values travel as one JSON parameter (insertRows);
   * - scopes are resolved and created with one query each per batch;
   * - supersession links of a scope created in this batch are computed in memory by the same
   *   supersessionLinks that relinkSupersession stores, instead of a SELECT and an UPDATE per
   *   member; scopes that already held assessments are relinked exactly as in the normal path;
   * - a UID already stored is found by the primary key while inserting (the insert fails, the
   *   transaction rolls back, and the same 409 is computed) instead of a probe of every UID first.
   * Why: at DoD scale (1.7M UIDs, ≈600k scope groups) the per-row and per-group round trips would
   * dominate the load (bench/). The audit entry holds the batch counts, not the UID list.
   */
  bulk?: boolean;
}

export async function importRecords(ctx: ServiceContext, actor: Actor, input: ImportInput, opts: ImportOptions = {}): Promise<ImportResult> {
  const work = storeImport(ctx, actor, input, opts);
  return ctx.metrics ? ctx.metrics.countImport(work) : work;
}

async function storeImport(ctx: ServiceContext, actor: Actor, input: ImportInput, opts: ImportOptions): Promise<ImportResult> {
  requireReach(actor, 'records.import', 'Only administrators bulk-load records');
  const { db } = ctx.database;
  const now = ctx.clock.now();
  const at = now.toISOString();
  // Validation reads outside the write lock; the transaction re-checks UIDs by primary key.
  // The bulk path lets the UID primary key find stored UIDs while it inserts (see bulkWrite).
  const { hloOf } = await validateImport(db, input, { deferStoredUids: opts.bulk, pace: opts.pace });
  if (opts.bulk) {
    opts.onWritten?.(0);
    return bulkWrite(db, actor, input, hloOf, now, opts);
  }
  return db.transaction(async (tx) => {
    const companyRows = input.companies
      .map((c) => ({ cage: c.cage, hloCage: c.hloCage ?? c.cage, name: c.name, uei: c.uei ?? null, samActive: c.samActive, address: c.address ?? null, updatedAt: at }))
      .sort((a, b) => Number(b.cage === b.hloCage) - Number(a.cage === a.hloCage));
    for (const part of chunk(companyRows, 500)) {
      await tx
        .insert(companies)
        .values(part)
        .onConflictDoUpdate({
          target: companies.cage,
          set: {
            hloCage: sql`excluded.hlo_cage`,
            name: sql`excluded.name`,
            uei: sql`excluded.uei`,
            samActive: sql`excluded.sam_active`,
            address: sql`excluded.address`,
            updatedAt: sql`excluded.updated_at`,
          },
        });
    }

    const [{ maxSeq }] = await tx.all<{ maxSeq: number | null }>(sql`SELECT max(seq) AS maxSeq FROM assessments`);
    let seq = maxSeq ?? 0;
    const ordered = [...input.assessments].sort((a, b) => (a.statusDate < b.statusDate ? -1 : a.statusDate > b.statusDate ? 1 : 0));
    const groups = new Map<string, GroupKey>();
    const scopeCache = new Map<string, number>();
    const rows: (typeof assessments.$inferInsert)[] = [];
    const cageRows: (typeof assessmentCages.$inferInsert)[] = [];
    const affRows: (typeof affirmations.$inferInsert)[] = [];
    const changeRows: (typeof complianceChanges.$inferInsert)[] = [];
    const closeoutRows: (typeof closeouts.$inferInsert)[] = [];
    const poamRows: (typeof poamItems.$inferInsert)[] = [];
    for (const a of ordered) {
      const hlo = hloOf.get(a.cages[0])!;
      const key = `${hlo}\u0000${scopeKey(a.scope)}`;
      let scopeId = scopeCache.get(key);
      if (scopeId === undefined) {
        scopeId = await scopeIdFor(tx, hlo, a.scope, a.scopeDescription ?? null, at);
        scopeCache.set(key, scopeId);
      }
      const family = levelFamily(a.level);
      groups.set(`${scopeId}:${family}`, { scopeId, family });
      const cages = [...new Set(a.cages)];
      rows.push({
        uid: a.uid,
        hloCage: hlo,
        scopeId,
        level: a.level,
        family,
        postedType: a.status,
        statusDate: a.statusDate,
        score: a.score ?? null,
        cagesJson: JSON.stringify(cages),
        source: 'IMPORT',
        postedBy: actor.id,
        supersedesUid: a.supersedes ?? null,
        seq: ++seq,
        createdAt: at,
      });
      for (const c of cages) cageRows.push({ assessmentUid: a.uid, cage: c });
      for (const f of a.affirmations)
        affRows.push({ assessmentUid: a.uid, date: f.date, name: f.name, title: f.title, email: f.email ?? null, phone: f.phone ?? null, statement: f.statement ?? AFFIRMATION_STATEMENT, recordedBy: actor.id, createdAt: at });
      for (const c of a.complianceChanges) changeRows.push({ assessmentUid: a.uid, date: c.date, description: c.description, recordedBy: actor.id, createdAt: at });
      if (a.closeout) closeoutRows.push({ assessmentUid: a.uid, date: a.closeout.date, result: a.closeout.result, recordedBy: actor.id, createdAt: at });
      for (const r of new Set(a.poam ?? [])) poamRows.push({ assessmentUid: a.uid, requirementId: r });
    }
    const insertAll = async <T extends Record<string, unknown>>(table: Parameters<typeof tx.insert>[0], values: T[], size: number) => {
      for (const part of chunk(values, size)) if (part.length) await tx.insert(table).values(part as never);
    };
    await insertAll(assessments, rows, 200);
    await insertAll(assessmentCages, cageRows, 1000);
    await insertAll(affirmations, affRows, 300);
    await insertAll(complianceChanges, changeRows, 300);
    await insertAll(closeouts, closeoutRows, 300);
    await insertAll(poamItems, poamRows, 1000);
    for (const g of groups.values()) await relinkSupersession(tx, g);

    for (const n of input.nistAssessments) {
      const cages = [...new Set(n.cages)];
      const [row] = await tx
        .insert(nistAssessments)
        .values({
          hloCage: hloOf.get(cages[0])!,
          standard: n.standard,
          assessingOrganization: n.assessingOrganization,
          planDescription: n.planDescription ?? null,
          assessmentDate: n.assessmentDate,
          score: n.score,
          fullImplementationDate: n.fullImplementationDate ?? null,
          confidence: n.confidence,
          cagesJson: JSON.stringify(cages),
          postedBy: actor.id,
          createdAt: at,
        })
        .returning({ id: nistAssessments.id });
      await tx.insert(nistAssessmentCages).values(cages.map((c) => ({ nistAssessmentId: row.id, cage: c, assessmentDate: n.assessmentDate })));
    }
    const imported = { companies: input.companies.length, assessments: input.assessments.length, nistAssessments: input.nistAssessments.length };
    await appendAudit(tx, now, [
      { userId: actor.id, action: 'import', entity: 'batch', entityId: null, detail: { ...imported, uids: input.assessments.length <= AUDITED_UIDS ? input.assessments.map((a) => a.uid) : undefined } },
    ]);
    return { imported };
  });
}
