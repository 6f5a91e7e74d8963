/**
 * The `bulk` write path of the import (see ImportOptions in import.ts): the same rows as the normal
 * path with fewer statements. Why it exists is recorded in ImportOptions; what it stores is held
 * equal to the normal path by test/scale/import-bulk.test.ts.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { AFFIRMATION_STATEMENT } from '../domain/affirmation-schedule.js';
import { levelFamily } from '../domain/levels.js';
import { scopeKey, supersessionLinks, type SupersessionMember } from '../domain/supersession.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ImportResult } from './import.js';
import { chunk, storedUidConflicts } from './import-validation.js';
import type { ImportInput } from './inputs.js';
import { unpaced, type Pace } from './pace.js';
import { relinkSupersession, type GroupKey } from './scopes.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface BulkWriteOptions {
  /** Rows per INSERT (default 5000); a paced import takes smaller statements, each a short turn. */
  rowsPerStatement?: number;
  /** Called between statements and records (pace.ts). */
  pace?: Pace;
  /** Assessments written so far, after each statement that writes them. */
  onWritten?: (assessments: number) => void;
}

/**
 * The records in status-date order, arrivals in order within a date: the stable sort the normal
 * path uses, made by buckets (a few hundred distinct dates) so it can pause between records.
 */
export interface InsertOptions {
  /** Rows per statement (default 5000). */
  size?: number;
  /** Called before each statement (pace.ts). */
  pace?: Pace;
  /** Rows written so far, after each statement. */
  written?: (n: number) => void;
}

/**
 * One multi-row INSERT whose rows travel as a single JSON parameter (`json_each`), so a statement
 * of thousands of rows costs one bound value instead of one per cell: the SQL text and the work of
 * the query builder stay constant. Columns are snake_case names as in db/migrations.
 */
export async function insertRows(tx: Tx, table: string, columns: readonly string[], rows: unknown[][], tail = '', opts: InsertOptions = {}): Promise<void> {
  const select = columns.map((_, i) => `value->>${i}`).join(', ');
  const pace = opts.pace ?? unpaced;
  let n = 0;
  for (const part of chunk(rows, opts.size ?? 5000)) {
    if (!part.length) continue;
    await pace();
    await tx.run(sql`INSERT INTO ${sql.raw(table)} (${sql.raw(columns.join(', '))}) SELECT ${sql.raw(select)} FROM json_each(${JSON.stringify(part)}) WHERE true ${sql.raw(tail)}`);
    opts.written?.((n += part.length));
  }
}

async function byStatusDate<T extends { statusDate: string }>(records: T[], pace: Pace): Promise<T[]> {
  const buckets = new Map<string, T[]>();
  for (const [i, r] of records.entries()) {
    if (i % 1024 === 0) await pace();
    let b = buckets.get(r.statusDate);
    if (!b) buckets.set(r.statusDate, (b = []));
    b.push(r);
  }
  const out: T[] = [];
  for (const date of [...buckets.keys()].sort()) for (const r of buckets.get(date)!) out.push(r);
  return out;
}

/** Writes a validated import in one transaction (a rejected batch stores nothing). */
export async function bulkWrite(db: Db, actor: Actor, input: ImportInput, hloOf: Map<string, string>, now: Date, opts: BulkWriteOptions = {}): Promise<ImportResult> {
  const at = now.toISOString();
  const pace = opts.pace ?? unpaced;
  const size = opts.rowsPerStatement ?? 5000;
  const insert = (tx: Tx, table: string, columns: readonly string[], rows: unknown[][], tail = '', written?: (n: number) => void) =>
    insertRows(tx, table, columns, rows, tail, { size, pace, written });
  return db.transaction(async (tx) => {
    const companyRows = input.companies
      .map((c) => [c.cage, c.hloCage ?? c.cage, c.name, c.uei ?? null, c.samActive, c.address ?? null, at])
      // HLOs first, as in the normal path.
      .sort((a, b) => Number(b[0] === b[1]) - Number(a[0] === a[1]));
    await insert(
      tx,
      'companies',
      ['cage', 'hlo_cage', 'name', 'uei', 'sam_active', 'address', 'updated_at'],
      companyRows,
      'ON CONFLICT (cage) DO UPDATE SET hlo_cage = excluded.hlo_cage, name = excluded.name, uei = excluded.uei, sam_active = excluded.sam_active, address = excluded.address, updated_at = excluded.updated_at',
    );

    const [{ maxSeq }] = await tx.all<{ maxSeq: number | null }>(sql`SELECT max(seq) AS maxSeq FROM assessments`);
    let seq = maxSeq ?? 0;
    const ordered = await byStatusDate(input.assessments, pace);

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
    for (const [i, a] of ordered.entries()) {
      if (i % 1024 === 0) await pace();
      const hlo = hloOf.get(a.cages[0])!;
      const key = keyOf(a.scope);
      const ref = scopeRef(hlo, key);
      refOf.push(ref);
      if (!wanted.has(ref)) wanted.set(ref, { hlo, name: a.scope.trim(), key, description: a.scopeDescription ?? null });
    }
    const scopeIds = new Map<string, number>();
    const newScopes = new Set<number>();
    for (const part of chunk([...new Set([...wanted.values()].map((w) => w.hlo))], size)) {
      await pace();
      const found = await tx.all<{ id: number; hlo: string; key: string }>(
        sql`SELECT id, hlo_cage AS hlo, name_key AS key FROM scopes WHERE hlo_cage IN (SELECT value FROM json_each(${JSON.stringify(part)}))`,
      );
      for (const f of found) if (wanted.has(scopeRef(f.hlo, f.key))) scopeIds.set(scopeRef(f.hlo, f.key), f.id);
    }
    const missing = [...wanted.entries()].filter(([k]) => !scopeIds.has(k));
    for (const part of chunk(missing, size)) {
      await pace();
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
    /** Members of each group of a scope created in this batch, linked in memory below. */
    const newGroups = new Map<string, { members: SupersessionMember[]; rows: Row[] }>();
    for (const [i, a] of ordered.entries()) {
      if (i % 512 === 0) await pace();
      const hlo = hloOf.get(a.cages[0])!;
      const scopeId = scopeIds.get(refOf[i])!;
      const family = levelFamily(a.level);
      const groupKey = `${scopeId}:${family}`;
      const cages = a.cages.length === 1 ? a.cages : [...new Set(a.cages)];
      const row: Row = [a.uid, hlo, scopeId, a.level, family, a.status, a.statusDate, a.score ?? null, JSON.stringify(cages), 'IMPORT', actor.id, a.supersedes ?? null, null, null, ++seq, at];
      if (newScopes.has(scopeId)) {
        let g = newGroups.get(groupKey);
        if (!g) newGroups.set(groupKey, (g = { members: [], rows: [] }));
        g.members.push({ uid: a.uid, statusDate: a.statusDate, arrival: row[14], supersedes: a.supersedes });
        g.rows.push(row);
      } else oldGroups.set(groupKey, { scopeId, family });
      rows.push(row);
      for (const c of cages) cageRows.push([a.uid, c]);
      for (const f of a.affirmations) affRows.push([a.uid, f.date, f.name, f.title, f.email ?? null, f.phone ?? null, f.statement ?? AFFIRMATION_STATEMENT, actor.id, at]);
      for (const c of a.complianceChanges) changeRows.push([a.uid, c.date, c.description, actor.id, at]);
      if (a.closeout) closeoutRows.push([a.uid, a.closeout.date, a.closeout.result, actor.id, at]);
      if (a.poam) for (const r of new Set(a.poam)) poamRows.push([a.uid, r]);
    }
    // The same links relinkSupersession stores, computed before the rows are written.
    for (const g of newGroups.values()) {
      if (g.rows.length < 2) continue; // nothing in a group of one is superseded
      await pace();
      const links = supersessionLinks(g.members);
      for (const row of g.rows) {
        const l = links.get(row[0]);
        if (l) [row[12], row[13]] = [l.supersededBy, l.supersededOn];
      }
    }
    try {
      await insert(
        tx,
        'assessments',
        ['uid', 'hlo_cage', 'scope_id', 'level', 'family', 'posted_type', 'status_date', 'score', 'cages_json', 'source', 'posted_by', 'supersedes_uid', 'superseded_by_uid', 'superseded_on', 'seq', 'created_at'],
        rows,
        '',
        opts.onWritten,
      );
    } catch (e) {
      // A UID already stored: the primary key refused it, the transaction rolls back, and the
      // answer is the same 409 the up-front probe of the normal path gives.
      if (/UNIQUE constraint failed: assessments\.uid/.test(String((e as Error)?.message) + String((e as { cause?: Error })?.cause?.message))) await storedUidConflicts(tx, input);
      throw e;
    }
    await insert(tx, 'assessment_cages', ['assessment_uid', 'cage'], cageRows);
    await insert(tx, 'affirmations', ['assessment_uid', 'date', 'name', 'title', 'email', 'phone', 'statement', 'recorded_by', 'created_at'], affRows);
    await insert(tx, 'compliance_changes', ['assessment_uid', 'date', 'description', 'recorded_by', 'created_at'], changeRows);
    await insert(tx, 'closeouts', ['assessment_uid', 'date', 'result', 'recorded_by', 'created_at'], closeoutRows);
    await insert(tx, 'poam_items', ['assessment_uid', 'requirement_id'], poamRows);
    for (const g of oldGroups.values()) {
      await pace();
      await relinkSupersession(tx, g);
    }

    const nist = input.nistAssessments.map((n) => {
      const cages = [...new Set(n.cages)];
      const row = [hloOf.get(cages[0])!, n.standard, n.assessingOrganization, n.planDescription ?? null, n.assessmentDate, n.score, n.fullImplementationDate ?? null, n.confidence, JSON.stringify(cages), actor.id, at];
      return { cages, date: n.assessmentDate, row };
    });
    const nistCageRows: unknown[][] = [];
    for (const part of chunk(nist, size)) {
      await pace();
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
    await insert(tx, 'nist_assessment_cages', ['nist_assessment_id', 'cage', 'assessment_date'], nistCageRows);

    const imported = { companies: input.companies.length, assessments: input.assessments.length, nistAssessments: input.nistAssessments.length };
    await appendAudit(tx, now, [
      { userId: actor.id, action: 'import', entity: 'batch', entityId: null, detail: { ...imported, bulk: true, uids: input.assessments.length <= 1000 ? input.assessments.map((a) => a.uid) : undefined } },
    ]);
    return { imported };
  });
}
