/**
 * Reads the SPRS status records a check relies on, one round trip for any number of UIDs: the
 * assessment row with its affirmations, compliance changes, closeout, replacements, POA&M and the
 * HLO of each CAGE folded in as JSON. This is the hot path of every check (see bench/).
 */
import { sql } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db, PreparedReads } from '../../db/client.js';
import type { StatusRecord } from '../domain/currency.js';
import type { NistRecord } from '../domain/nist.js';
import type { Level, StatusType } from '../domain/levels.js';
import { recordFromTimeline, timelineSettled, type StatusTimeline } from '../domain/timeline.js';

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

// A list travels as one JSON parameter through json_each, so a statement's text is the same for any
// number of UIDs or CAGEs (issue 14: one plan, whatever the offer's size).
const jsonList = (xs: readonly string[]) => JSON.stringify(xs);

export async function loadStatusRecords(db: Db, uids: readonly string[]): Promise<Map<string, LoadedRecord>> {
  const out = new Map<string, LoadedRecord>();
  if (!uids.length) return out;
  const rows = await db.all<Row>(sql`${sql.raw(SELECT_RECORDS)} WHERE a.uid IN (SELECT value FROM json_each(${jsonList(uids)}))`);
  for (const r of rows) out.set(r.uid, toRecord(r));
  return out;
}

/** Level 2 (C3PAO) records of the given scopes (for the Level 3 prerequisite, 32 CFR 170.18). */
export async function loadC3paoRecordsOfScopes(db: Db, scopes: readonly { hloCage: string; scopeKey: string }[]): Promise<LoadedRecord[]> {
  if (!scopes.length) return [];
  const pairs = JSON.stringify(scopes.map((s) => [s.hloCage, s.scopeKey]));
  const rows = await db.all<Row>(
    sql`${sql.raw(SELECT_RECORDS)} WHERE a.level = 'L2_C3PAO'
      AND (s.hlo_cage, s.name_key) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${pairs}))`,
  );
  return rows.map(toRecord);
}

type NistRow = [
  id: number,
  cages: string[],
  confidence: NistRecord['confidence'],
  assessmentDate: string,
  score: number,
  fullImplementationDate: string | null,
  standard: string,
  assessingOrganization: string,
  planDescription: string | null,
];

// The NIST assessments of a JSON list of CAGEs dated on or before a date, as one JSON array (id order).
const nistJson = (cages: readonly string[], asOf: string) => sql`(SELECT json_group_array(json_array(n.id, json(n.cages_json), n.confidence,
      n.assessment_date, n.score, n.full_implementation_date, n.standard, n.assessing_organization, n.plan_description))
    FROM nist_assessments n WHERE n.id IN (
      SELECT nc.nist_assessment_id FROM json_each(${jsonList(cages)}) jc JOIN nist_assessment_cages nc ON nc.cage = jc.value
      WHERE nc.assessment_date <= ${asOf}))`;

const toNist = ([id, cages, confidence, assessmentDate, score, fullImplementationDate, standard, assessingOrganization, planDescription]: NistRow): NistRecord => ({
  id,
  cages,
  confidence,
  assessmentDate,
  score,
  fullImplementationDate,
  standard,
  assessingOrganization,
  planDescription,
});

export async function loadNistRecords(db: Db, cages: readonly string[], asOf: string): Promise<NistRecord[]> {
  if (!cages.length) return [];
  const [row] = await db.all<{ nist: string }>(sql`SELECT ${nistJson(cages, asOf)} AS nist`);
  return (JSON.parse(row.nist) as NistRow[]).map(toNist);
}

export async function hloOfCage(db: Db, cage: string): Promise<string | null> {
  const [r] = await db.all<{ hlo_cage: string }>(sql`SELECT hlo_cage FROM companies WHERE cage = ${cage}`);
  return r?.hlo_cage ?? null;
}

type TimelineRow = [
  uid: string,
  level: Level,
  postedType: StatusType,
  statusDate: string,
  cages: string[],
  hloCage: string,
  scope: string,
  scopeKey: string,
  score: number | null,
  withdrawnOn: string | null,
  settledFrom: string,
  latestAffirmation: string | null,
  changeDate: string | null,
  changeDescription: string | null,
  replacedByUid: string | null,
  replacedOn: string | null,
  closeoutDate: string | null,
  closeoutResult: 'SUCCESS' | 'FAILED' | null,
  cageHlos: string[],
];

export interface CheckReads {
  records: Map<string, StatusRecord>;
  offerorHlo: string | null;
  nistRecords: NistRecord[];
}

/** The one statement of a check (its text never changes; bench/ times it raw). */
export const checkReadsStatement = (uids: readonly string[], offerorCage: string | null, nistCages: readonly string[], asOf: string) => sql`SELECT
    (SELECT json_group_array(json_array(a.uid, a.level, a.posted_type, a.status_date, json(a.cages_json), a.hlo_cage, s.name, s.name_key, a.score,
        a.withdrawn_on, t.settled_from, t.latest_affirmation, t.change_date, t.change_description, t.replaced_by_uid, t.replaced_on,
        t.closeout_date, t.closeout_result,
        json((SELECT json_group_array(co.hlo_cage) FROM assessment_cages ac JOIN companies co ON co.cage = ac.cage WHERE ac.assessment_uid = a.uid))))
      FROM json_each(${jsonList(uids)}) j JOIN assessments a ON a.uid = j.value JOIN scopes s ON s.id = a.scope_id JOIN check_timeline t ON t.uid = a.uid
    ) AS records,
    (SELECT hlo_cage FROM companies WHERE cage = ${offerorCage}) AS offeror_hlo,
    ${nistJson(nistCages, asOf)} AS nist`;

const checkReadsArgs = (uids: readonly string[], offerorCage: string | null, nistCages: readonly string[], asOf: string) => [jsonList(uids), offerorCage, jsonList(nistCages), asOf];

/** The check statement's text, made once (so a local database prepares it once: db/client.ts `prepared`). */
const CHECK_READS_SQL = (() => {
  const q = new SQLiteAsyncDialect().sqlToQuery(checkReadsStatement(['u'], 'o', ['n'], 'd'));
  if (JSON.stringify(q.params) !== JSON.stringify(checkReadsArgs(['u'], 'o', ['n'], 'd'))) throw new Error('checkReadsArgs does not follow the parameters of checkReadsStatement');
  return q.sql;
})();

/**
 * What a check reads, in one statement of constant text: each UID's row with its key dates
 * (check_timeline), the offeror's HLO and the NIST assessments of the given CAGEs. A UID whose
 * history has anything dated after `asOf` is read again in full (a second statement), so a check
 * dated in the past sees exactly what it saw then. Through `prepared` when the database has it.
 */
export async function loadCheckReads(
  db: Db,
  uids: readonly string[],
  offerorCage: string | null,
  nistCages: readonly string[],
  asOf: string,
  prepared: PreparedReads | null = null,
): Promise<CheckReads> {
  const args = checkReadsArgs(uids, offerorCage, nistCages, asOf);
  const [row] = prepared ? prepared.rows(CHECK_READS_SQL, args) : (await db.$client.execute({ sql: CHECK_READS_SQL, args })).rows;
  const [recordsJson, offerorHlo, nist] = [row[0], row[1], row[2]] as [string, string | null, string];
  const records = new Map<string, StatusRecord>();
  const unsettled: string[] = [];
  for (const r of JSON.parse(recordsJson) as TimelineRow[]) {
    const [uid, level, postedType, statusDate, cages, hloCage, scope, scopeKey, score, withdrawnOn, settledFrom] = r;
    const t: StatusTimeline = {
      settledFrom,
      latestAffirmation: r[11],
      firstChange: r[12] !== null ? { date: r[12], description: r[13] ?? '' } : null,
      firstReplacement: r[14] !== null && r[15] !== null ? { uid: r[14], date: r[15] } : null,
    };
    if (!timelineSettled(t, asOf)) {
      unsettled.push(uid);
      continue;
    }
    const closeout = r[16] !== null && r[17] !== null ? { date: r[16], result: r[17] } : null;
    const base = { uid, level, postedType, statusDate, cages, cageHlos: [...new Set(r[18])], hloCage, scope, scopeKey, score, closeout, poam: [], withdrawnOn };
    records.set(uid, recordFromTimeline(base, t));
  }
  if (unsettled.length) for (const [uid, rec] of await loadStatusRecords(db, unsettled)) records.set(uid, rec);
  return { records, offerorHlo, nistRecords: (JSON.parse(nist) as NistRow[]).map(toNist) };
}
