/**
 * Reads the SPRS status records a check relies on, one round trip for any number of UIDs: the
 * assessment row with its affirmations, compliance changes, closeout, replacements, POA&M and the
 * HLO of each CAGE folded in as JSON. This is the hot path of every check (see bench/).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { StatusRecord } from '../domain/currency.js';
import type { NistRecord } from '../domain/nist.js';
import type { Level, StatusType } from '../domain/levels.js';

interface Row {
  uid: string;
  level: Level;
  posted_type: StatusType;
  status_date: string;
  cages_json: string;
  hlo_cage: string;
  scope: string;
  scope_key: string;
  score: number | null;
  superseded_by_uid: string | null;
  superseded_on: string | null;
  posted_by: number | null;
  source: 'IMPORT' | 'POSTING' | 'EMASS';
  withdrawn_on: string | null;
  affs: string;
  changes: string;
  closeout: string | null;
  replacements: string;
  poam: string;
  cage_hlos: string;
}

export const SELECT_RECORDS = `
SELECT a.uid, a.level, a.posted_type, a.status_date, a.cages_json, a.hlo_cage, s.name AS scope, s.name_key AS scope_key,
  a.score, a.superseded_by_uid, a.superseded_on, a.posted_by, a.source, a.withdrawn_on,
  (SELECT json_group_array(json_object('date', f.date, 'name', f.name, 'title', f.title, 'email', f.email)) FROM affirmations f WHERE f.assessment_uid = a.uid) AS affs,
  (SELECT json_group_array(json_object('date', c.date, 'description', c.description)) FROM compliance_changes c WHERE c.assessment_uid = a.uid) AS changes,
  (SELECT json_object('date', k.date, 'result', k.result) FROM closeouts k WHERE k.assessment_uid = a.uid) AS closeout,
  (SELECT json_group_array(json_object('uid', r.uid, 'date', r.status_date)) FROM assessments r WHERE r.supersedes_uid = a.uid AND r.family = a.family) AS replacements,
  (SELECT json_group_array(p.requirement_id) FROM poam_items p WHERE p.assessment_uid = a.uid) AS poam,
  (SELECT json_group_array(co.hlo_cage) FROM assessment_cages ac JOIN companies co ON co.cage = ac.cage WHERE ac.assessment_uid = a.uid) AS cage_hlos
FROM assessments a JOIN scopes s ON s.id = a.scope_id`;

export interface LoadedRecord extends StatusRecord {
  affirmations: { date: string; name: string; title: string; email: string | null }[];
  postedBy: number | null;
  source: 'IMPORT' | 'POSTING' | 'EMASS';
}

function toRecord(r: Row): LoadedRecord {
  const supersededBy: { uid: string; date: string }[] = JSON.parse(r.replacements);
  if (r.superseded_by_uid && r.superseded_on && !supersededBy.some((s) => s.uid === r.superseded_by_uid)) {
    supersededBy.push({ uid: r.superseded_by_uid, date: r.superseded_on });
  }
  return {
    uid: r.uid,
    level: r.level,
    postedType: r.posted_type,
    statusDate: r.status_date,
    cages: JSON.parse(r.cages_json),
    cageHlos: [...new Set<string>(JSON.parse(r.cage_hlos))],
    hloCage: r.hlo_cage,
    scope: r.scope,
    scopeKey: r.scope_key,
    score: r.score,
    affirmations: (JSON.parse(r.affs) as LoadedRecord['affirmations']).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    complianceChanges: JSON.parse(r.changes),
    closeout: r.closeout ? JSON.parse(r.closeout) : null,
    supersededBy,
    poam: (JSON.parse(r.poam) as string[]).sort(),
    postedBy: r.posted_by,
    source: r.source,
    withdrawnOn: r.withdrawn_on,
  };
}

const placeholders = (xs: readonly unknown[]) => sql.join(xs.map((x) => sql`${x}`), sql`, `);

export async function loadStatusRecords(db: Db, uids: readonly string[]): Promise<Map<string, LoadedRecord>> {
  const out = new Map<string, LoadedRecord>();
  if (!uids.length) return out;
  const rows = await db.all<Row>(sql`${sql.raw(SELECT_RECORDS)} WHERE a.uid IN (${placeholders(uids)})`);
  for (const r of rows) out.set(r.uid, toRecord(r));
  return out;
}

/** Level 2 (C3PAO) records of the given scopes (for the Level 3 prerequisite, 32 CFR 170.18). */
export async function loadC3paoRecordsOfScopes(db: Db, scopes: readonly { hloCage: string; scopeKey: string }[]): Promise<LoadedRecord[]> {
  if (!scopes.length) return [];
  const conds = scopes.map((s) => sql`(s.hlo_cage = ${s.hloCage} AND s.name_key = ${s.scopeKey})`);
  const rows = await db.all<Row>(sql`${sql.raw(SELECT_RECORDS)} WHERE a.level = 'L2_C3PAO' AND (${sql.join(conds, sql` OR `)})`);
  return rows.map(toRecord);
}

export async function loadNistRecords(db: Db, cages: readonly string[], asOf: string): Promise<NistRecord[]> {
  if (!cages.length) return [];
  const rows = await db.all<{
    id: number;
    cages_json: string;
    confidence: NistRecord['confidence'];
    assessment_date: string;
    score: number;
    full_implementation_date: string | null;
    standard: string;
    assessing_organization: string;
    plan_description: string | null;
  }>(sql`SELECT DISTINCT n.id, n.cages_json, n.confidence, n.assessment_date, n.score, n.full_implementation_date, n.standard,
      n.assessing_organization, n.plan_description
    FROM nist_assessment_cages nc JOIN nist_assessments n ON n.id = nc.nist_assessment_id
    WHERE nc.cage IN (${placeholders(cages)}) AND nc.assessment_date <= ${asOf}`);
  return rows.map((r) => ({
    id: r.id,
    cages: JSON.parse(r.cages_json),
    confidence: r.confidence,
    assessmentDate: r.assessment_date,
    score: r.score,
    fullImplementationDate: r.full_implementation_date,
    standard: r.standard,
    assessingOrganization: r.assessing_organization,
    planDescription: r.plan_description,
  }));
}

export async function hloOfCage(db: Db, cage: string): Promise<string | null> {
  const [r] = await db.all<{ hlo_cage: string }>(sql`SELECT hlo_cage FROM companies WHERE cage = ${cage}`);
  return r?.hlo_cage ?? null;
}
