/**
 * Bulk load of SPRS records with their historical dates (api.md POST /api/v1/import).
 * All or nothing: every record is validated before anything is written, and the writes run in one
 * transaction, so a rejected batch stores nothing.
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
import type { Db } from '../../db/client.js';
import { calendar } from '../domain/calendar.js';
import { addDays } from '../domain/dates.js';
import { levelFamily } from '../domain/levels.js';
import { requirementsFor } from '../domain/requirements.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { conflict, forbidden, invalid, type FieldError } from './errors.js';
import type { ImportInput } from './inputs.js';
import { relinkSupersession, scopeIdFor, scopeKey, type GroupKey } from './scopes.js';

export const AFFIRMATION_STATEMENT =
  'I affirm continuous compliance with the security requirements of the CMMC level and assessment scope identified by this UID (32 CFR 170.22).';

const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

export async function existing(db: Pick<Db, 'all'>, table: 'companies' | 'assessments', col: 'cage' | 'uid', keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // The keys travel as one JSON parameter (json_each), probed through the primary-key index.
  for (const part of chunk([...new Set(keys)], 5000)) {
    if (!part.length) continue;
    const rows = await db.all<{ k: string; hlo: string }>(
      sql`SELECT ${sql.raw(col)} AS k, hlo_cage AS hlo FROM ${sql.raw(table)} WHERE ${sql.raw(col)} IN (SELECT value FROM json_each(${JSON.stringify(part)}))`,
    );
    for (const r of rows) out.set(r.k, r.hlo);
  }
  return out;
}

/** Checks what zod cannot: references, level rules, closeout window, duplicates. */
async function validate(db: Db, input: ImportInput, opts: { deferStoredUids?: boolean } = {}): Promise<{ hloOf: Map<string, string> }> {
  const errors: FieldError[] = [];
  const conflicts: FieldError[] = [];
  const requestCompanies = new Map<string, { hlo: string; i: number }>();
  input.companies.forEach((c, i) => {
    if (requestCompanies.has(c.cage)) errors.push({ path: `companies.${i}.cage`, message: `CAGE ${c.cage} appears twice in the request` });
    requestCompanies.set(c.cage, { hlo: c.hloCage ?? c.cage, i });
  });
  const referenced = [
    ...input.companies.map((c) => c.hloCage ?? c.cage),
    ...input.assessments.flatMap((a) => a.cages),
    ...input.nistAssessments.flatMap((n) => n.cages),
  ];
  const stored = await existing(db, 'companies', 'cage', referenced.filter((c) => !requestCompanies.has(c)));
  const hloOf = new Map<string, string>(stored);
  for (const [cage, { hlo }] of requestCompanies) hloOf.set(cage, hlo);
  const known = (cage: string) => hloOf.has(cage);

  input.companies.forEach((c, i) => {
    const hlo = c.hloCage ?? c.cage;
    if (!known(hlo)) errors.push({ path: `companies.${i}.hloCage`, message: `no company with CAGE ${hlo} is stored or in this request` });
  });

  const seenUids = new Map<string, number>();
  // Last closeout day per status date (bulk calls repeat the same few hundred dates).
  const closeoutLimit = new Map<string, string>();
  const lastCloseoutDay = (statusDate: string) => {
    let d = closeoutLimit.get(statusDate);
    if (d === undefined) closeoutLimit.set(statusDate, (d = addDays(statusDate, calendar.validity.CONDITIONAL.days!)));
    return d;
  };
  input.assessments.forEach((a, i) => {
    const p = `assessments.${i}`;
    if (seenUids.has(a.uid)) conflicts.push({ path: `${p}.uid`, message: `UID ${a.uid} appears twice in the request` });
    seenUids.set(a.uid, i);
    a.cages.forEach((c, j) => {
      if (!known(c)) errors.push({ path: `${p}.cages.${j}`, message: `no company with CAGE ${c} is stored or in this request` });
    });
    if (a.level === 'L1_SELF' && a.status === 'CONDITIONAL') errors.push({ path: `${p}.status`, message: 'a Level 1 (Self) status cannot be Conditional (no POA&M at Level 1)' });
    const t = calendar.thresholds;
    if (a.score != null) {
      if (a.level === 'L1_SELF') errors.push({ path: `${p}.score`, message: 'Level 1 has no score' });
      else if (a.level === 'L3_DIBCAC' && (a.score < 0 || a.score > t.L3_REQUIREMENTS)) errors.push({ path: `${p}.score`, message: `a Level 3 score is 0…${t.L3_REQUIREMENTS}` });
      else if (a.level !== 'L3_DIBCAC' && (a.score < t.L2_MIN_SCORE || a.score > t.L2_MAX_SCORE)) errors.push({ path: `${p}.score`, message: `a Level 2 score is ${t.L2_MIN_SCORE}…${t.L2_MAX_SCORE}` });
    }
    if (a.closeout) {
      if (a.status !== 'CONDITIONAL') errors.push({ path: `${p}.closeout`, message: 'a POA&M closeout applies only to a Conditional status' });
      else if (a.closeout.date < a.statusDate || a.closeout.date > lastCloseoutDay(a.statusDate))
        errors.push({ path: `${p}.closeout.date`, message: `a closeout must fall within ${calendar.validity.CONDITIONAL.days} days of the status date ${a.statusDate}` });
    }
    if (a.poam) {
      const ids = new Set(requirementsFor(a.level).map((r) => r.id));
      a.poam.forEach((r, j) => {
        if (!ids.has(r)) errors.push({ path: `${p}.poam.${j}`, message: `${r} is not a requirement of ${a.level}` });
      });
      if (a.status !== 'CONDITIONAL' && a.poam.length) errors.push({ path: `${p}.poam`, message: 'only a Conditional status has a POA&M' });
    }
    if (a.supersedes === a.uid) errors.push({ path: `${p}.supersedes`, message: 'a UID cannot supersede itself' });
  });
  input.nistAssessments.forEach((n, i) =>
    n.cages.forEach((c, j) => {
      if (!known(c)) errors.push({ path: `nistAssessments.${i}.cages.${j}`, message: `no company with CAGE ${c} is stored or in this request` });
    }),
  );
  if (errors.length) throw invalid(`${errors.length} record(s) are invalid; nothing was imported`, errors);
  if (opts.deferStoredUids && !conflicts.length) return { hloOf };
  await storedUidConflicts(db, input, conflicts);
  return { hloOf };
}

/** Adds "already stored" to the request's own UID conflicts and throws them as one 409, if any. */
async function storedUidConflicts(db: Pick<Db, 'all'>, input: ImportInput, conflicts: FieldError[] = []): Promise<void> {
  const index = new Map(input.assessments.map((a, i) => [a.uid, i]));
  const storedUids = await existing(db, 'assessments', 'uid', [...index.keys()]);
  for (const uid of storedUids.keys()) conflicts.push({ path: `assessments.${index.get(uid)}.uid`, message: `UID ${uid} is already stored; UIDs are never reused` });
  if (conflicts.length) throw conflict(`${conflicts.length} UID conflict(s); nothing was imported`, conflicts);
}

export interface ImportResult {
  imported: { companies: number; assessments: number; nistAssessments: number };
}

export interface ImportOptions {
  /**
   * Bulk loading (seeds/dod-scale.ts, 5–20k records per call): the same validation, the same
   * answers (422/409 with the same paths) and one transaction per call (a rejected batch stores
   * nothing), written with fewer statements:
   * - rows go in multi-row INSERTs whose values travel as one JSON parameter (insertRows);
   * - scopes are resolved and created with one query each per batch;
   * - supersession links of a scope created in this batch are computed in memory, in
   *   relinkSupersession's order (status date, then arrival), instead of a SELECT and an UPDATE per
   *   member; scopes that already held assessments are relinked exactly as in the normal path;
   * - a UID already stored is found by the primary key while inserting (the insert fails, the
   *   transaction rolls back, and the same 409 is computed) instead of a probe of every UID first.
   * Why: at DoD scale (1.7M UIDs, ≈600k scope groups) the per-row and per-group round trips would
   * dominate the load (bench/). The audit entry holds the batch counts, not the UID list.
   */
  bulk?: boolean;
}

export async function importRecords(ctx: ServiceContext, actor: Actor, input: ImportInput, opts: ImportOptions = {}): Promise<ImportResult> {
  if (actor.role !== 'ADMIN') throw forbidden('Only administrators bulk-load records');
  const { db } = ctx.database;
  const now = ctx.clock.now();
  const at = now.toISOString();
  // Validation reads outside the write lock; the transaction re-checks UIDs by primary key.
  // The bulk path lets the UID primary key find stored UIDs while it inserts (see bulkWrite).
  const { hloOf } = await validate(db, input, { deferStoredUids: opts.bulk });
  if (opts.bulk) return bulkWrite(db, actor, input, hloOf, now);
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
      { userId: actor.id, action: 'import', entity: 'batch', entityId: null, detail: { ...imported, uids: input.assessments.length <= 1000 ? input.assessments.map((a) => a.uid) : undefined } },
    ]);
    return { imported };
  });
}

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * One multi-row INSERT whose rows travel as a single JSON parameter (`json_each`), so a statement
 * of thousands of rows costs one bound value instead of one per cell: the SQL text and the work of
 * the query builder stay constant. Columns are snake_case names as in db/migrations.
 */
export async function insertRows(tx: Tx, table: string, columns: readonly string[], rows: unknown[][], tail = ''): Promise<void> {
  const select = columns.map((_, i) => `value->>${i}`).join(', ');
  for (const part of chunk(rows, 5000)) {
    if (!part.length) continue;
    await tx.run(sql`INSERT INTO ${sql.raw(table)} (${sql.raw(columns.join(', '))}) SELECT ${sql.raw(select)} FROM json_each(${JSON.stringify(part)}) WHERE true ${sql.raw(tail)}`);
  }
}

/** The `bulk` write path (see ImportOptions): same rows as the normal path, fewer statements. */
async function bulkWrite(db: Db, actor: Actor, input: ImportInput, hloOf: Map<string, string>, now: Date): Promise<ImportResult> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const companyRows = input.companies
      .map((c) => [c.cage, c.hloCage ?? c.cage, c.name, c.uei ?? null, c.samActive, c.address ?? null, at])
      // HLOs first, as in the normal path.
      .sort((a, b) => Number(b[0] === b[1]) - Number(a[0] === a[1]));
    await insertRows(
      tx,
      'companies',
      ['cage', 'hlo_cage', 'name', 'uei', 'sam_active', 'address', 'updated_at'],
      companyRows,
      'ON CONFLICT (cage) DO UPDATE SET hlo_cage = excluded.hlo_cage, name = excluded.name, uei = excluded.uei, sam_active = excluded.sam_active, address = excluded.address, updated_at = excluded.updated_at',
    );

    const [{ maxSeq }] = await tx.all<{ maxSeq: number | null }>(sql`SELECT max(seq) AS maxSeq FROM assessments`);
    let seq = maxSeq ?? 0;
    const ordered = [...input.assessments].sort((a, b) => (a.statusDate < b.statusDate ? -1 : a.statusDate > b.statusDate ? 1 : 0));

    // Scopes: the first record (in status-date order) names a new scope, as scopeIdFor does.
    const keyOfName = new Map<string, string>();
    const keyOf = (name: string) => {
      let k = keyOfName.get(name);
      if (k === undefined) keyOfName.set(name, (k = scopeKey(name)));
      return k;
    };
    const scopeRef = (hlo: string, key: string) => `${hlo}\u0000${key}`;
    const wanted = new Map<string, { hlo: string; name: string; key: string; description: string | null }>();
    const refOf: string[] = [];
    for (const a of ordered) {
      const hlo = hloOf.get(a.cages[0])!;
      const key = keyOf(a.scope);
      const ref = scopeRef(hlo, key);
      refOf.push(ref);
      if (!wanted.has(ref)) wanted.set(ref, { hlo, name: a.scope.trim(), key, description: a.scopeDescription ?? null });
    }
    const scopeIds = new Map<string, number>();
    const newScopes = new Set<number>();
    for (const part of chunk([...new Set([...wanted.values()].map((w) => w.hlo))], 5000)) {
      const found = await tx.all<{ id: number; hlo: string; key: string }>(
        sql`SELECT id, hlo_cage AS hlo, name_key AS key FROM scopes WHERE hlo_cage IN (SELECT value FROM json_each(${JSON.stringify(part)}))`,
      );
      for (const f of found) if (wanted.has(scopeRef(f.hlo, f.key))) scopeIds.set(scopeRef(f.hlo, f.key), f.id);
    }
    const missing = [...wanted.entries()].filter(([k]) => !scopeIds.has(k));
    for (const part of chunk(missing, 5000)) {
      const rows = part.map(([, w]) => [w.hlo, w.name, w.key, w.description, at]);
      const created = await tx.all<{ id: number; hlo: string; key: string }>(
        sql`INSERT INTO scopes (hlo_cage, name, name_key, description, created_at) SELECT value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(${JSON.stringify(rows)}) WHERE true RETURNING id, hlo_cage AS hlo, name_key AS key`,
      );
      for (const c of created) {
        scopeIds.set(scopeRef(c.hlo, c.key), c.id);
        newScopes.add(c.id);
      }
    }

    type Row = [uid: string, hlo: string, scopeId: number, level: string, family: string, type: string, statusDate: string, score: number | null, cagesJson: string, source: 'IMPORT', postedBy: number, supersedes: string | null, supersededBy: string | null, supersededOn: string | null, seq: number, createdAt: string];
    const rows: Row[] = [];
    const cageRows: unknown[][] = [];
    const affRows: unknown[][] = [];
    const changeRows: unknown[][] = [];
    const closeoutRows: unknown[][] = [];
    const poamRows: unknown[][] = [];
    const oldGroups = new Map<string, GroupKey>();
    /** Last member seen per new-scope group: the next member of the group supersedes it. */
    const lastOfGroup = new Map<string, Row>();
    ordered.forEach((a, i) => {
      const hlo = hloOf.get(a.cages[0])!;
      const scopeId = scopeIds.get(refOf[i])!;
      const family = levelFamily(a.level);
      const groupKey = `${scopeId}:${family}`;
      const cages = a.cages.length === 1 ? a.cages : [...new Set(a.cages)];
      const row: Row = [a.uid, hlo, scopeId, a.level, family, a.status, a.statusDate, a.score ?? null, JSON.stringify(cages), 'IMPORT', actor.id, a.supersedes ?? null, null, null, ++seq, at];
      if (newScopes.has(scopeId)) {
        // `ordered` is by status date and seq follows it, so this is relinkSupersession's order.
        const prev = lastOfGroup.get(groupKey);
        if (prev) {
          prev[12] = row[0];
          prev[13] = row[6];
        }
        lastOfGroup.set(groupKey, row);
      } else oldGroups.set(groupKey, { scopeId, family });
      rows.push(row);
      for (const c of cages) cageRows.push([a.uid, c]);
      for (const f of a.affirmations) affRows.push([a.uid, f.date, f.name, f.title, f.email ?? null, f.phone ?? null, f.statement ?? AFFIRMATION_STATEMENT, actor.id, at]);
      for (const c of a.complianceChanges) changeRows.push([a.uid, c.date, c.description, actor.id, at]);
      if (a.closeout) closeoutRows.push([a.uid, a.closeout.date, a.closeout.result, actor.id, at]);
      if (a.poam) for (const r of new Set(a.poam)) poamRows.push([a.uid, r]);
    });
    try {
      await insertRows(
        tx,
        'assessments',
        ['uid', 'hlo_cage', 'scope_id', 'level', 'family', 'posted_type', 'status_date', 'score', 'cages_json', 'source', 'posted_by', 'supersedes_uid', 'superseded_by_uid', 'superseded_on', 'seq', 'created_at'],
        rows,
      );
    } catch (e) {
      // A UID already stored: the primary key refused it, the transaction rolls back, and the
      // answer is the same 409 the up-front probe of the normal path gives.
      if (/UNIQUE constraint failed: assessments\.uid/.test(String((e as Error)?.message) + String((e as { cause?: Error })?.cause?.message))) await storedUidConflicts(tx, input);
      throw e;
    }
    await insertRows(tx, 'assessment_cages', ['assessment_uid', 'cage'], cageRows);
    await insertRows(tx, 'affirmations', ['assessment_uid', 'date', 'name', 'title', 'email', 'phone', 'statement', 'recorded_by', 'created_at'], affRows);
    await insertRows(tx, 'compliance_changes', ['assessment_uid', 'date', 'description', 'recorded_by', 'created_at'], changeRows);
    await insertRows(tx, 'closeouts', ['assessment_uid', 'date', 'result', 'recorded_by', 'created_at'], closeoutRows);
    await insertRows(tx, 'poam_items', ['assessment_uid', 'requirement_id'], poamRows);
    for (const g of oldGroups.values()) await relinkSupersession(tx, g);

    const nist = input.nistAssessments.map((n) => {
      const cages = [...new Set(n.cages)];
      const row = [hloOf.get(cages[0])!, n.standard, n.assessingOrganization, n.planDescription ?? null, n.assessmentDate, n.score, n.fullImplementationDate ?? null, n.confidence, JSON.stringify(cages), actor.id, at];
      return { cages, date: n.assessmentDate, row };
    });
    const nistCageRows: unknown[][] = [];
    for (const part of chunk(nist, 5000)) {
      const ids = (
        await tx.all<{ id: number }>(
          sql`INSERT INTO nist_assessments (hlo_cage, standard, assessing_organization, plan_description, assessment_date, score, full_implementation_date, confidence, cages_json, posted_by, created_at)
            SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10 FROM json_each(${JSON.stringify(part.map((p) => p.row))}) WHERE true RETURNING id`,
        )
      )
        .map((r) => r.id)
        // AUTOINCREMENT ids grow in insertion order, so sorted ids pair with the rows in order.
        .sort((a, b) => a - b);
      part.forEach((p, i) => {
        for (const c of p.cages) nistCageRows.push([ids[i], c, p.date]);
      });
    }
    await insertRows(tx, 'nist_assessment_cages', ['nist_assessment_id', 'cage', 'assessment_date'], nistCageRows);

    const imported = { companies: input.companies.length, assessments: input.assessments.length, nistAssessments: input.nistAssessments.length };
    await appendAudit(tx, now, [{ userId: actor.id, action: 'import', entity: 'batch', entityId: null, detail: { ...imported, bulk: true } }]);
    return { imported };
  });
}
