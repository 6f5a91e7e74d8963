/**
 * The physical baseline of the import (issue 14): the same generated records written into the same
 * migrated schema by plain multi-row INSERTs through @libsql/client, one transaction per batch, with
 * none of the product's work (no zod, no validation, no scope lookup, no supersession, no
 * check_timeline: its triggers stand aside as they do for the bulk writer, and nothing refreshes it).
 * Each table's INSERT has a constant text (ROWS_PER_STATEMENT rows of `?`), so SQLite parses it
 * once per shape; only the time spent in the inserts is counted, not the generator's.
 */
import { createClient, type InArgs, type Transaction } from '@libsql/client';
import { createDatabase, migrateDatabase } from '../db/client.js';
import { AFFIRMATION_STATEMENT } from '../src/domain/affirmation-schedule.js';
import { levelFamily, type Level } from '../src/domain/levels.js';
import { scopeKey } from '../src/domain/supersession.js';
import { generateDod, type DodOptions } from '../seeds/dod-scale.js';

const ROWS_PER_STATEMENT = 256;
const AT = '2026-11-23T00:00:00.000Z';

export interface RawInsertResult {
  uids: number;
  /** Rows written in every table. */
  rows: number;
  batches: number;
  /** Wall seconds inside the inserts' transactions (generation excluded). */
  seconds: number;
  uidsPerSecond: number;
  /** CPU seconds of this process over the same intervals. */
  cpuSeconds: number;
}

type Rec = Record<string, any>;

/** Writes `rows` into `table` by statements of ROWS_PER_STATEMENT rows, then one for the rest. */
async function insertAll(tx: Transaction, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statement = (n: number) => `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(tuple).join(', ')}`;
  const full = statement(ROWS_PER_STATEMENT);
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
    const part = rows.slice(at, at + ROWS_PER_STATEMENT);
    await tx.execute({ sql: part.length === ROWS_PER_STATEMENT ? full : statement(part.length), args: part.flat() as InArgs });
  }
}

/** Generates the DoD-scale records of `opts` and writes them raw into a new database at `url`. */
export async function rawBulkInsert(url: string, opts: DodOptions): Promise<RawInsertResult> {
  // The product's migrations and connection settings, then a plain client on the same file.
  (await createDatabase({ url }).then(async (d) => (await migrateDatabase(d), d))).close();
  const client = createClient({ url, intMode: 'number' });
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA synchronous = NORMAL');
  await client.execute('PRAGMA foreign_keys = ON');
  let seconds = 0, cpu = 0, uids = 0, rows = 0, batches = 0, seq = 0, scopeId = 0, nistId = 0;
  try {
    for (const batch of generateDod(opts)) {
      const hloOf = new Map<string, string>(batch.companies.map((c: Rec) => [c.cage, c.hloCage ?? c.cage]));
      const companies = batch.companies
        .map((c: Rec) => [c.cage, c.hloCage ?? c.cage, c.name, c.uei ?? null, c.samActive ? 1 : 0, c.address ?? null, AT])
        .sort((a, b) => Number(b[0] === b[1]) - Number(a[0] === a[1]));
      const scopes = new Map<string, unknown[]>();
      const assessments: unknown[][] = [], cages: unknown[][] = [], affirmations: unknown[][] = [], changes: unknown[][] = [], closeouts: unknown[][] = [], poam: unknown[][] = [], nist: unknown[][] = [], nistCages: unknown[][] = [];
      for (const a of batch.assessments as Rec[]) {
        const hlo = hloOf.get(a.cages[0])!;
        const key = `${hlo}\u0000${scopeKey(a.scope)}`;
        let scope = scopes.get(key);
        if (!scope) scopes.set(key, (scope = [++scopeId, hlo, a.scope.trim(), scopeKey(a.scope), null, AT]));
        assessments.push([a.uid, hlo, scope[0], a.level, levelFamily(a.level as Level), a.status, a.statusDate, a.score ?? null, JSON.stringify(a.cages), 'IMPORT', a.supersedes ?? null, ++seq, AT]);
        for (const c of a.cages) cages.push([a.uid, c]);
        for (const f of a.affirmations ?? []) affirmations.push([a.uid, f.date, f.name, f.title, f.email ?? null, f.phone ?? null, f.statement ?? AFFIRMATION_STATEMENT, AT]);
        for (const c of a.complianceChanges ?? []) changes.push([a.uid, c.date, c.description, AT]);
        if (a.closeout) closeouts.push([a.uid, a.closeout.date, a.closeout.result, AT]);
        for (const r of a.poam ?? []) poam.push([a.uid, r]);
      }
      for (const n of batch.nistAssessments as Rec[]) {
        nist.push([++nistId, hloOf.get(n.cages[0])!, n.standard ?? 'NIST SP 800-171 Rev 2', n.assessingOrganization, n.planDescription ?? null, n.assessmentDate, n.score, n.fullImplementationDate ?? null, n.confidence, JSON.stringify(n.cages), AT]);
        for (const c of n.cages) nistCages.push([nistId, c, n.assessmentDate]);
      }
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const tx = await client.transaction('write');
      try {
        // As the product's bulk writer does: the check_timeline triggers stand aside in this transaction.
        await tx.execute('INSERT INTO check_timeline_bulk_mode (id) VALUES (1)');
        await insertAll(tx, 'companies', ['cage', 'hlo_cage', 'name', 'uei', 'sam_active', 'address', 'updated_at'], companies);
        await insertAll(tx, 'scopes', ['id', 'hlo_cage', 'name', 'name_key', 'description', 'created_at'], [...scopes.values()]);
        await insertAll(tx, 'assessments', ['uid', 'hlo_cage', 'scope_id', 'level', 'family', 'posted_type', 'status_date', 'score', 'cages_json', 'source', 'supersedes_uid', 'seq', 'created_at'], assessments);
        await insertAll(tx, 'assessment_cages', ['assessment_uid', 'cage'], cages);
        await insertAll(tx, 'affirmations', ['assessment_uid', 'date', 'name', 'title', 'email', 'phone', 'statement', 'created_at'], affirmations);
        await insertAll(tx, 'compliance_changes', ['assessment_uid', 'date', 'description', 'created_at'], changes);
        await insertAll(tx, 'closeouts', ['assessment_uid', 'date', 'result', 'created_at'], closeouts);
        await insertAll(tx, 'poam_items', ['assessment_uid', 'requirement_id'], poam);
        await insertAll(tx, 'nist_assessments', ['id', 'hlo_cage', 'standard', 'assessing_organization', 'plan_description', 'assessment_date', 'score', 'full_implementation_date', 'confidence', 'cages_json', 'created_at'], nist);
        await insertAll(tx, 'nist_assessment_cages', ['nist_assessment_id', 'cage', 'assessment_date'], nistCages);
        await tx.execute('DELETE FROM check_timeline_bulk_mode');
        await tx.commit();
      } finally {
        tx.close();
      }
      seconds += (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      cpu += (c.user + c.system) / 1e6;
      uids += assessments.length;
      rows += companies.length + scopes.size + assessments.length + cages.length + affirmations.length + changes.length + closeouts.length + poam.length + nist.length + nistCages.length;
      batches++;
    }
  } finally {
    client.close();
  }
  return { uids, rows, batches, seconds, uidsPerSecond: uids / seconds, cpuSeconds: cpu };
}
