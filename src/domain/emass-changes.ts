/**
 * What a mapped eMASS record does to what AwardGate holds (feeds.md §2, Decisions). Pure: the
 * service reads the held record and the CAGE hierarchy, passes them in with the day the run saw
 * the record, and writes what comes back.
 *
 * The feed is a source of facts, not of verdicts: a new UID is stored like an imported one, a
 * change is applied only when it is one of the few eMASS can make to the same assessment, and
 * anything else is quarantined for an administrator to look at. Scope names are compared by the
 * one definition of scope identity (supersession.ts `scopeKey`).
 */
import { calendar } from './calendar.js';
import { addDays, type IsoDate } from './dates.js';
import type { Level, StatusType } from './levels.js';
import { statusLabel } from './levels.js';
import type { FeedFacts, FeedRecord } from './emass-record.js';
import { scopeKey } from './supersession.js';

export const EMASS_EVENTS = ['ADDED', 'CLOSEOUT_SEEN', 'CLOSEOUT_FAILED_SEEN', 'CHANGED', 'WITHDRAWN'] as const;
export type EmassEvent = (typeof EMASS_EVENTS)[number];

/** The stored facts of a UID that a record is compared with. */
export interface HeldRecord {
  uid: string;
  hloCage: string;
  level: Level;
  postedType: StatusType;
  statusDate: IsoDate;
  score: number | null;
  cages: string[];
  scopeName: string;
  scopeKey: string;
  scopeDescription: string | null;
  closeout: { date: IsoDate; result: 'SUCCESS' | 'FAILED' } | null;
  withdrawnOn: IsoDate | null;
}

export interface NewCompany {
  cage: string;
  hloCage: string;
  name: string;
  uei: string | null;
}

export interface FeedChanges {
  score?: { from: number | null; to: number };
  cages?: { from: string[]; to: string[] };
  scopeDescription?: { from: string | null; to: string };
}

export type FeedAction =
  | { kind: 'add'; hloCage: string; companies: NewCompany[]; warnings: string[] }
  | { kind: 'unchanged' }
  | { kind: 'update'; closeout: 'SUCCESS' | 'FAILED' | null; changes: FeedChanges; companies: NewCompany[] }
  | { kind: 'withdraw' }
  | { kind: 'quarantine'; reason: string };

/** The HLO of a CAGE held here (or planned earlier in the same run), if any. */
export type HloOf = (cage: string) => string | undefined;

type CompanyPlan = { ok: true; hloCage: string; companies: NewCompany[]; warnings: string[] } | { ok: false; reason: string };

/**
 * The company a record belongs to and the companies to create for its CAGE codes that are not held
 * (feeds.md §2 "Companies"). A held company is never renamed or moved. With `owner` (an update of a
 * held UID) every CAGE must be in that company's hierarchy.
 */
export function planCompanies(uid: string, f: FeedFacts, hloOf: HloOf, owner?: string): CompanyPlan {
  const create = new Map<string, NewCompany>();
  const warnings: string[] = [];
  let hlo = owner;
  if (!hlo && f.hloCage) {
    hlo = hloOf(f.hloCage) ?? f.hloCage;
    if (!hloOf(f.hloCage)) {
      const name = f.companyName ?? f.oscName;
      if (!name) return { ok: false, reason: `${uid}: the highest-level owner CAGE ${f.hloCage} is not held here and the record names no company (hqOrganizationName or oscName) to create it from.` };
      create.set(f.hloCage, { cage: f.hloCage, hloCage: f.hloCage, name, uei: f.uei });
    }
  }
  if (!hlo) {
    const held = f.cages.find((c) => hloOf(c));
    if (!held) return { ok: false, reason: `${uid}: none of its CAGE codes (${f.cages.join(', ')}) is held here and the record names no highest-level owner CAGE (highestLevelOwnerCageCode) to create the company under.` };
    hlo = hloOf(held)!;
  }
  for (const cage of f.cages) {
    const held = hloOf(cage);
    if (held === undefined) {
      if (create.has(cage)) continue;
      const name = f.oscName ?? f.companyName;
      if (!name) return { ok: false, reason: `${uid}: CAGE ${cage} is not held here and the record names no company (oscName or hqOrganizationName) to create it from.` };
      create.set(cage, { cage, hloCage: hlo, name, uei: cage === hlo ? f.uei : null });
    } else if (held !== hlo) {
      if (owner) return { ok: false, reason: `${uid}: CAGE ${cage} belongs to the company of HLO ${held}, outside the hierarchy of ${owner} that holds this UID.` };
      warnings.push(`${uid}: CAGE ${cage} is held under HLO ${held}, not under ${hlo}; the company was not moved.`);
    }
  }
  return { ok: true, hloCage: hlo, companies: [...create.values()], warnings };
}

/** The status on the day seen: a closeout turns a Conditional into Final, or ends it (rules §6). */
function heldType(h: HeldRecord): StatusType {
  if (h.postedType !== 'CONDITIONAL' || !h.closeout) return h.postedType;
  return h.closeout.result === 'SUCCESS' ? 'FINAL' : 'NONE';
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * ADDED of a new UID → add; DELETED → withdraw; ADDED or UPDATED of a held UID → unchanged, the
 * changes eMASS may make to the same assessment (a POA&M closeout with the same status date, the
 * score, the CAGE list within the hierarchy, the scope description), or quarantine naming the change.
 */
export function decideFeedAction(rec: FeedRecord, held: HeldRecord | null, seen: { today: IsoDate; hloOf: HloOf }): FeedAction {
  const { today, hloOf } = seen;
  const uid = rec.uid;
  if (rec.operation === 'DELETED') {
    // A DELETED for a UID never held (or already withdrawn) leaves nothing to do.
    if (!held || held.withdrawnOn) return { kind: 'unchanged' };
    if (held.level === 'L1_SELF' || held.level === 'L2_SELF') return { kind: 'quarantine', reason: `eMASS deleted ${uid}, but it is a self-assessment entered in SPRS, not an eMASS record; it was not withdrawn.` };
    return { kind: 'withdraw' };
  }
  const f = rec.facts!;
  if (!held) {
    const plan = planCompanies(uid, f, hloOf);
    return plan.ok ? { kind: 'add', hloCage: plan.hloCage, companies: plan.companies, warnings: plan.warnings } : { kind: 'quarantine', reason: plan.reason };
  }

  const refuse = (what: string): FeedAction => ({
    kind: 'quarantine',
    reason: `${rec.operation} of ${uid} ${what}; eMASS may change only the POA&M closeout, the score, the CAGE codes or the scope description of an assessment it sent.`,
  });
  if (held.withdrawnOn) return { kind: 'quarantine', reason: `${rec.operation} of ${uid}: eMASS withdrew this record, seen on ${held.withdrawnOn}, and a withdrawn UID is never reused.` };
  if (held.level !== f.level) return refuse(`changes its level from ${held.level} to ${f.level}`);
  if (held.statusDate !== f.statusDate) return refuse(`changes its status date from ${held.statusDate} to ${f.statusDate}`);
  if (f.hloCage) {
    const hlo = hloOf(f.hloCage) ?? f.hloCage;
    if (hlo !== held.hloCage) return refuse(`moves it from the company of HLO ${held.hloCage} to ${hlo}`);
  }

  const changes: FeedChanges = {};
  if (held.scopeKey !== scopeKey(f.scopeName)) {
    // A scope is named by its kind and description, so a new description of the same kind of scope
    // is a description change, not a new scope: the scope keeps its name (its identity, rules §1).
    const sameKind = f.scopeKind !== 'Enterprise' && held.scopeKey.startsWith(`${f.scopeKind.toLowerCase()}:`);
    if (!sameKind) return refuse(`moves it from the scope "${held.scopeName}" to "${f.scopeName}"`);
    changes.scopeDescription = { from: held.scopeDescription, to: f.scopeDescription! };
  } else if (f.scopeDescription && f.scopeDescription !== held.scopeDescription) {
    changes.scopeDescription = { from: held.scopeDescription, to: f.scopeDescription };
  }
  if (f.score !== null && f.score !== held.score) changes.score = { from: held.score, to: f.score };
  let companies: NewCompany[] = [];
  if (!sameSet(f.cages, held.cages)) {
    const plan = planCompanies(uid, f, hloOf, held.hloCage);
    if (!plan.ok) return { kind: 'quarantine', reason: plan.reason };
    changes.cages = { from: held.cages, to: f.cages };
    companies = plan.companies;
  }

  let closeout: 'SUCCESS' | 'FAILED' | null = null;
  const was = heldType(held);
  if (was !== f.type) {
    if (was !== 'CONDITIONAL' || f.type === 'CONDITIONAL') return refuse(`changes its status from ${statusLabel(held.level, was)} to ${statusLabel(f.level, f.type)}`);
    const lastDay = addDays(held.statusDate, calendar.validity.CONDITIONAL.days!);
    if (today > lastDay) {
      return { kind: 'quarantine', reason: `${uid}: eMASS reports its POA&M closeout on ${today}, after day ${calendar.validity.CONDITIONAL.days} of the Conditional status of ${held.statusDate} (last day ${lastDay}); no closeout is accepted after that (rules §6).` };
    }
    closeout = f.type === 'FINAL' ? 'SUCCESS' : 'FAILED';
  }
  if (!closeout && !Object.keys(changes).length) return { kind: 'unchanged' };
  return { kind: 'update', closeout, changes, companies };
}
