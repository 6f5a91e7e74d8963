/**
 * What an import must pass before anything is written (api.md POST /api/v1/import): every company
 * referenced must be stored or in the request, each record keeps the record rules of the domain
 * (import-rules.ts), and no UID appears twice or is already stored (409). Both write paths
 * (import.ts, import-bulk.ts) run it first, so they give the same answers.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { importRecordChecker } from '../domain/import-rules.js';
import { conflict, invalid, type FieldError } from './errors.js';
import type { ImportInput } from './inputs.js';
import { unpaced, type Pace } from './pace.js';

export const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

// The answers of every import path (this file's up-front check and the streamed import).
export const unknownCage = (path: string, cage: string): FieldError => ({ path, message: `no company with CAGE ${cage} is stored or in this request` });
export const cageTwice = (path: string, cage: string): FieldError => ({ path, message: `CAGE ${cage} appears twice in the request` });
export const uidTwice = (path: string, uid: string): FieldError => ({ path, message: `UID ${uid} appears twice in the request` });
export const uidStored = (path: string, uid: string): FieldError => ({ path, message: `UID ${uid} is already stored; UIDs are never reused` });
export const invalidRecords = (errors: FieldError[]) => invalid(`${errors.length} record(s) are invalid; nothing was imported`, errors);
export const uidConflicts = (conflicts: FieldError[]) => conflict(`${conflicts.length} UID conflict(s); nothing was imported`, conflicts);

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

export interface ValidateOptions {
  /** Leave "already stored" UIDs to the bulk writer's primary key (see ImportOptions.bulk). */
  deferStoredUids?: boolean;
  /** Called between records, so a large import gives the event loop back (pace.ts). */
  pace?: Pace;
}

/** Checks what zod cannot: references, the record rules, duplicates. Throws 422 or 409; returns each CAGE's HLO. */
export async function validateImport(db: Db, input: ImportInput, opts: ValidateOptions = {}): Promise<{ hloOf: Map<string, string> }> {
  const pace = opts.pace ?? unpaced;
  const errors: FieldError[] = [];
  const conflicts: FieldError[] = [];
  const requestCompanies = new Map<string, { hlo: string; i: number }>();
  input.companies.forEach((c, i) => {
    if (requestCompanies.has(c.cage)) errors.push(cageTwice(`companies.${i}.cage`, c.cage));
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
    if (!known(hlo)) errors.push(unknownCage(`companies.${i}.hloCage`, hlo));
  });

  const seenUids = new Map<string, number>();
  const recordErrors = importRecordChecker();
  for (const [i, a] of input.assessments.entries()) {
    if (i % 256 === 0) await pace();
    const p = `assessments.${i}`;
    if (seenUids.has(a.uid)) conflicts.push(uidTwice(`${p}.uid`, a.uid));
    seenUids.set(a.uid, i);
    a.cages.forEach((c, j) => {
      if (!known(c)) errors.push(unknownCage(`${p}.cages.${j}`, c));
    });
    errors.push(...recordErrors(a, p));
  }
  for (const [i, n] of input.nistAssessments.entries()) {
    if (i % 256 === 0) await pace();
    n.cages.forEach((c, j) => {
      if (!known(c)) errors.push(unknownCage(`nistAssessments.${i}.cages.${j}`, c));
    });
  }
  if (errors.length) throw invalidRecords(errors);
  if (opts.deferStoredUids && !conflicts.length) return { hloOf };
  await storedUidConflicts(db, input, conflicts);
  return { hloOf };
}

/** Adds "already stored" to the request's own UID conflicts and throws them as one 409, if any. */
export async function storedUidConflicts(db: Pick<Db, 'all'>, input: ImportInput, conflicts: FieldError[] = []): Promise<void> {
  const index = new Map(input.assessments.map((a, i) => [a.uid, i]));
  const storedUids = await existing(db, 'assessments', 'uid', [...index.keys()]);
  for (const uid of storedUids.keys()) conflicts.push(uidStored(`assessments.${index.get(uid)}.uid`, uid));
  if (conflicts.length) throw uidConflicts(conflicts);
}
