/**
 * A CMMC eMASS assessment record (feeds.md §1) and how AwardGate reads it (feeds.md §2). Pure: the
 * zone comes in as an argument, nothing here reads the database or the clock.
 *
 * The shape is written from the contract in feeds.md: every field may be null or absent, and the
 * published schema forbids extra fields, so a record carrying one is quarantined rather than
 * guessed at. A record that cannot be read becomes a quarantine entry with one sentence saying why.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { calendar } from './calendar.js';
import { ageThrough } from './currency.js';
import type { IsoDate } from './dates.js';
import { isCage, isUei, isUid, normaliseId } from './identifiers.js';
import type { StatusType } from './levels.js';

export const EMASS_OPERATIONS = ['ADDED', 'UPDATED', 'DELETED'] as const;
export type EmassOperation = (typeof EMASS_OPERATIONS)[number];

const text = z.string().nullish();
const whole = z.number().int().nullish();

/** feeds.md §1 `CmmcRecord`. `operation` is read as text so an unknown value gets its own sentence. */
export const CmmcRecord = z.strictObject({
  operation: text,
  hqOrganizationName: text,
  uei: text,
  oscName: text,
  highestLevelOwnerCageCode: text,
  cageCodesInScope: text,
  numberOfEmployees: whole,
  scope: text,
  scopeDescription: text,
  assessmentStandard: text,
  assessmentId: text,
  cmmcUid: text,
  overallScore: whole,
  cmmcStatus: text,
  cmmcStatusDate: whole,
  cmmcStatusExpirationDate: whole,
});
export type CmmcRecord = z.infer<typeof CmmcRecord>;

/** The levels eMASS carries: certification results, never self-assessments. */
export type FeedLevel = 'L2_C3PAO' | 'L3_DIBCAC';
export const SCOPE_KINDS = ['Enterprise', 'Non-Enterprise', 'Enclave'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** The facts of an ADDED or UPDATED record, in AwardGate's terms. */
export interface FeedFacts {
  level: FeedLevel;
  type: StatusType;
  statusDate: IsoDate;
  score: number | null;
  /** CAGE codes of the assessed scope: trimmed, upper-cased, without repeats, in eMASS's order. */
  cages: string[];
  hloCage: string | null;
  companyName: string | null;
  oscName: string | null;
  uei: string | null;
  scopeKind: ScopeKind;
  /** `Enterprise`, or `{scope}: {scopeDescription}` (feeds.md §2 "Scope"). */
  scopeName: string;
  scopeDescription: string | null;
}

export interface FeedRecord {
  operation: EmassOperation;
  uid: string;
  assessmentId: string | null;
  /** Null for DELETED, which needs only the UID. */
  facts: FeedFacts | null;
}

/** A record that cannot be applied: not stored, listed on the run with one sentence (feeds.md §2). */
export interface QuarantinedRecord {
  cmmcUid: string | null;
  operation: string | null;
  assessmentId: string | null;
  reason: string;
}

export type MappedRecord = { ok: true; record: FeedRecord; warnings: string[] } | { ok: false; quarantine: QuarantinedRecord };

const STATUS_WORDS: Record<string, { level: FeedLevel; type: StatusType }> = {
  'conditional level 2 (c3pao)': { level: 'L2_C3PAO', type: 'CONDITIONAL' },
  'final level 2 (c3pao)': { level: 'L2_C3PAO', type: 'FINAL' },
  'conditional level 3 (dibcac)': { level: 'L3_DIBCAC', type: 'CONDITIONAL' },
  'final level 3 (dibcac)': { level: 'L3_DIBCAC', type: 'FINAL' },
};
const NO_STATUS = 'no cmmc status';
const words = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * `cmmcStatus` names the level and the status; `No CMMC Status` names no level, so it is Level 3
 * (DIBCAC) when the standard is NIST SP 800-172 and Level 2 (C3PAO) otherwise (feeds.md §2).
 */
export function statusOf(cmmcStatus: string, assessmentStandard: string | null | undefined): { level: FeedLevel; type: StatusType } | null {
  const w = words(cmmcStatus);
  if (w === NO_STATUS) return { level: /800[-\s]?172/.test(assessmentStandard ?? '') ? 'L3_DIBCAC' : 'L2_C3PAO', type: 'NONE' };
  return STATUS_WORDS[w] ?? null;
}

/** Unix seconds run up to the last instant of year 9999; beyond that there is no YYYY-MM-DD date. */
const LAST_SECOND = 253_402_300_799;
const DAY = 86_400;

/**
 * The zone's UTC offset (minutes) over a whole UTC day, or null on a day its offset changes. A run
 * converts up to 100,000 timestamps and a zone lookup per timestamp costs more than the rest of a
 * record's mapping, while offsets change on a couple of days a year: so the offset is looked up
 * once per UTC day and zone, and only a transition day converts each timestamp on its own.
 */
const dayOffsets = new Map<string, number | null>();
function steadyOffset(utcDay: number, zone: string): number | null {
  const key = `${zone}|${utcDay}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = DateTime.fromSeconds(utcDay * DAY, { zone }).offset;
    const last = DateTime.fromSeconds(utcDay * DAY + DAY - 1, { zone }).offset;
    offset = first === last ? first : null;
    if (dayOffsets.size >= 50_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset;
}

/** Unix seconds → the calendar date in the rules' zone (feeds.md §2 "Dates"); null when out of range. */
export function dateOfSeconds(seconds: number, zone: string): IsoDate | null {
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > LAST_SECOND) return null;
  const offset = steadyOffset(Math.floor(seconds / DAY), zone);
  if (offset === null) return DateTime.fromSeconds(seconds, { zone }).toISODate();
  // A steady offset that day: shift the instant and read the UTC date (no zone rules per record).
  return DateTime.fromSeconds(seconds + offset * 60, { zone: 'utc' }).toISODate();
}

/** The first second of a calendar date in the rules' zone, in Unix seconds (EMASS_SINCE → sinceDate). */
export function secondsAtStartOf(date: IsoDate, zone: string): number {
  return Math.floor(DateTime.fromISO(date, { zone }).startOf('day').toSeconds());
}

/** `cageCodesInScope` is one string; eMASS separates codes with `;`, and some records use `,`. */
export const splitCages = (list: string): string[] => [...new Set(list.split(/[;,]/).map(normaliseId).filter((c) => c.length > 0))];

const scopeKindOf = (scope: string): ScopeKind | null => SCOPE_KINDS.find((k) => k.toLowerCase().replace(/[-\s]/g, '') === scope.trim().toLowerCase().replace(/[-\s]/g, '')) ?? null;

const blankToNull = (s: string | null | undefined): string | null => {
  const t = s?.trim().replace(/\s+/g, ' ');
  return t ? t : null;
};

/** The uid and operation of a record, as far as they can be read, for naming it in the quarantine. */
function identify(raw: unknown): Omit<QuarantinedRecord, 'reason'> {
  const o = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const s = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return { cmmcUid: s(o.cmmcUid), operation: s(o.operation), assessmentId: s(o.assessmentId) };
}

function shapeSentence(error: z.ZodError): string {
  const parts = error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `it has field${i.keys.length > 1 ? 's' : ''} the eMASS record does not define (${i.keys.join(', ')})`;
    const field = i.path.join('.');
    if (i.code === 'invalid_type') return `${field} must be ${i.expected === 'number' || i.expected === 'int' ? 'a whole number' : `a ${i.expected}`} or null`;
    return `${field}: ${i.message}`;
  });
  return `The record does not have the eMASS record shape: ${parts.join('; ')}.`;
}

/**
 * Reads one record as eMASS sent it. Warnings are facts the run reports without refusing the
 * record (an expiration date that disagrees with the rules', a UEI of the wrong shape).
 */
export function mapCmmcRecord(raw: unknown, zone: string): MappedRecord {
  const refuse = (reason: string): MappedRecord => ({ ok: false, quarantine: { ...identify(raw), reason } });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return refuse('The record is not a JSON object.');
  const parsed = CmmcRecord.safeParse(raw);
  if (!parsed.success) return refuse(shapeSentence(parsed.error));
  const r = parsed.data;

  const op = r.operation?.trim().toUpperCase() ?? '';
  if (!(EMASS_OPERATIONS as readonly string[]).includes(op)) {
    return refuse(r.operation ? `The operation "${r.operation}" is none of ADDED, UPDATED or DELETED.` : 'The record has no operation (ADDED, UPDATED or DELETED).');
  }
  const operation = op as EmassOperation;
  if (!r.cmmcUid?.trim()) return refuse(`The ${operation} record has no CMMC UID (cmmcUid).`);
  const uid = normaliseId(r.cmmcUid);
  if (!isUid(uid)) return refuse(`The UID "${r.cmmcUid}" is not a CMMC UID: a UID is 10 letters A–Z and digits 0–9, and this one has ${uid.length} character${uid.length === 1 ? '' : 's'}${/[^A-Z0-9]/.test(uid) ? ' including others' : ''}.`);
  const assessmentId = blankToNull(r.assessmentId);
  if (operation === 'DELETED') return { ok: true, record: { operation, uid, assessmentId, facts: null }, warnings: [] };

  const on = `${operation} record of ${uid}`;
  if (!r.cmmcStatus?.trim()) return refuse(`The ${on} has no CMMC status (cmmcStatus).`);
  const status = statusOf(r.cmmcStatus, r.assessmentStandard);
  if (!status) return refuse(`The ${on} has the status "${r.cmmcStatus}", which is not one AwardGate knows (a Conditional or Final Level 2 (C3PAO) or Level 3 (DIBCAC) status, or No CMMC Status).`);
  if (r.cmmcStatusDate == null) return refuse(`The ${on} has no status date (cmmcStatusDate).`);
  const statusDate = dateOfSeconds(r.cmmcStatusDate, zone);
  if (!statusDate) return refuse(`The ${on} has the status date ${r.cmmcStatusDate}, which is not a date in Unix seconds.`);

  const t = calendar.thresholds;
  const [low, high] = status.level === 'L3_DIBCAC' ? [0, t.L3_REQUIREMENTS] : [t.L2_MIN_SCORE, t.L2_MAX_SCORE];
  if (r.overallScore != null && (r.overallScore < low || r.overallScore > high)) {
    return refuse(`The ${on} has the score ${r.overallScore}, outside the ${status.level === 'L3_DIBCAC' ? 'Level 3' : 'Level 2'} range ${low} to ${high}.`);
  }

  const cages = r.cageCodesInScope ? splitCages(r.cageCodesInScope) : [];
  if (!cages.length) return refuse(`The ${on} lists no CAGE code in scope (cageCodesInScope).`);
  const badCage = cages.find((c) => !isCage(c));
  if (badCage) return refuse(`The ${on} lists "${badCage}" in scope, which is not a CAGE code: 5 letters and digits, never I or O.`);
  const hloCage = r.highestLevelOwnerCageCode?.trim() ? normaliseId(r.highestLevelOwnerCageCode) : null;
  if (hloCage && !isCage(hloCage)) return refuse(`The ${on} names "${r.highestLevelOwnerCageCode}" as its highest-level owner, which is not a CAGE code: 5 letters and digits, never I or O.`);

  if (!r.scope?.trim()) return refuse(`The ${on} names no scope (Enterprise, Non-Enterprise or Enclave).`);
  const scopeKind = scopeKindOf(r.scope);
  if (!scopeKind) return refuse(`The ${on} has the scope "${r.scope}", which is none of Enterprise, Non-Enterprise or Enclave.`);
  const scopeDescription = blankToNull(r.scopeDescription);
  if (scopeKind !== 'Enterprise' && !scopeDescription) return refuse(`The ${on} has an ${scopeKind} scope without a description (scopeDescription), so the scope has no name.`);
  const scopeName = scopeKind === 'Enterprise' ? 'Enterprise' : `${scopeKind}: ${scopeDescription}`;

  const warnings: string[] = [];
  let uei = r.uei?.trim() ? normaliseId(r.uei) : null;
  if (uei && !isUei(uei)) {
    warnings.push(`${uid}: the UEI "${r.uei}" is not 12 letters and digits; it was not used.`);
    uei = null;
  }
  if (r.cmmcStatusExpirationDate != null && status.type !== 'NONE') {
    const theirs = dateOfSeconds(r.cmmcStatusExpirationDate, zone);
    const ours = ageThrough(status.level, status.type, statusDate);
    if (theirs !== ours) {
      warnings.push(
        `${uid}: eMASS gives ${theirs ?? r.cmmcStatusExpirationDate} as the expiration date; the rules make the ${status.type === 'FINAL' ? 'Final' : 'Conditional'} status of ${statusDate} current through ${ours} at most, and AwardGate uses that date.`,
      );
    }
  }
  return {
    ok: true,
    warnings,
    record: {
      operation,
      uid,
      assessmentId,
      facts: {
        level: status.level,
        type: status.type,
        statusDate,
        score: r.overallScore ?? null,
        cages,
        hloCage,
        companyName: blankToNull(r.hqOrganizationName),
        oscName: blankToNull(r.oscName),
        uei,
        scopeKind,
        scopeName,
        scopeDescription,
      },
    },
  };
}
