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

async function existing(db: Pick<Db, 'all'>, table: 'companies' | 'assessments', col: 'cage' | 'uid', keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunk([...new Set(keys)], 500)) {
    if (!part.length) continue;
    const rows = await db.all<{ k: string; hlo: string }>(
      sql`SELECT ${sql.raw(col)} AS k, ${sql.raw(table === 'companies' ? 'hlo_cage' : 'hlo_cage')} AS hlo FROM ${sql.raw(table)} WHERE ${sql.raw(col)} IN (${sql.join(part.map((p) => sql`${p}`), sql`, `)})`,
    );
    for (const r of rows) out.set(r.k, r.hlo);
  }
  return out;
}

/** Checks what zod cannot: references, level rules, closeout window, duplicates. */
async function validate(db: Db, input: ImportInput): Promise<{ hloOf: Map<string, string> }> {
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
      else if (a.closeout.date < a.statusDate || a.closeout.date > addDays(a.statusDate, calendar.validity.CONDITIONAL.days!))
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
  const storedUids = await existing(db, 'assessments', 'uid', [...seenUids.keys()]);
  for (const uid of storedUids.keys()) conflicts.push({ path: `assessments.${seenUids.get(uid)}.uid`, message: `UID ${uid} is already stored; UIDs are never reused` });
  if (conflicts.length) throw conflict(`${conflicts.length} UID conflict(s); nothing was imported`, conflicts);
  return { hloOf };
}

export interface ImportResult {
  imported: { companies: number; assessments: number; nistAssessments: number };
}

export async function importRecords(ctx: ServiceContext, actor: Actor, input: ImportInput): Promise<ImportResult> {
  if (actor.role !== 'ADMIN') throw forbidden('Only administrators bulk-load records');
  const { db } = ctx.database;
  const now = ctx.clock.now();
  const at = now.toISOString();
  // Validation reads outside the write lock; the transaction re-checks UIDs by primary key.
  const { hloOf } = await validate(db, input);
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
