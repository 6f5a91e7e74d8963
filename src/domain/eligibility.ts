/**
 * Per-UID and per-offer eligibility (rules §4–§5; DFARS 204.7503, 252.204-7025, 217.207).
 * Pure: the service gathers the records a check relies on and passes them in with the date.
 */
import { phaseFor } from './applicability.js';
import { currentRules } from './assumptions.js';
import { addDays, type IsoDate } from './dates.js';
import { isUid, normaliseId } from './identifiers.js';
import { LEVEL_LABEL, meetsRank, type Level, type Purpose, type StatusType } from './levels.js';
import { checkNist, type NistRecord, type NistRow } from './nist.js';
import { hasError, reason, type Reason } from './reasons.js';
import { statusAsOf, type StatusRecord } from './currency.js';

/** Rules §5 look-ahead: `EXPIRES_WITHIN` warns of a status lapsing within N days of the action date, N default 60. */
export const DEFAULT_LOOK_AHEAD_DAYS = 60;

export interface CheckRequest {
  purpose: Purpose;
  requiredLevel: Level;
  asOf: IsoDate;
  uids: string[];
  offerorCage?: string | null;
  lookAheadDays: number;
  lookAheadUntil?: IsoDate | null;
  nist?: { cages: string[]; maxAgeDays?: number | null } | null;
  /** DFARS 217.207(c)(1) attestations recorded by the officer for an option exercise. */
  sam?: { active: boolean; ueiCageNameAddressMatch: boolean } | null;
}

export interface CheckData {
  /** Records by UID (only those whose status date is on or before asOf are seen). */
  records: ReadonlyMap<string, StatusRecord>;
  /** Level 2 (C3PAO) records of the scopes of any Level 3 UIDs, for the 32 CFR 170.18 advisory. */
  prerequisites: readonly StatusRecord[];
  /** HLO of the offeror's CAGE (its CAGE hierarchy); null when no offeror CAGE was given. */
  offerorHlo: string | null;
  nistRecords: readonly NistRecord[];
}

export interface UidStatus {
  level: Level;
  type: StatusType;
  statusDate: IsoDate;
  currentThrough: IsoDate | null;
  cages: string[];
  scope: string;
  score: number | null;
  latestAffirmation: IsoDate | null;
  supersededBy: string | null;
}

export interface UidRow {
  uid: string;
  eligible: boolean;
  status: UidStatus | null;
  reasons: Reason[];
}

export interface CheckAnswer {
  eligible: boolean;
  asOf: IsoDate;
  purpose: Purpose;
  requiredLevel: Level;
  offerorCage: string | null;
  reasons: Reason[];
  uids: UidRow[];
  nist: NistRow[];
  phase: { phase: number | null; advisory: string; citation: string | null };
  assumptions: { id: string; text: string }[];
  verificationId: string | null;
}

/** Does one UID meet the required level on the date? Lists every reason that applies (rules §3–§4). */
export function checkUid(uid: string, req: CheckRequest, data: CheckData): UidRow {
  if (!isUid(uid)) {
    return { uid, eligible: false, status: null, reasons: [reason('UID_INVALID_FORMAT', `"${uid}" is not a CMMC UID: a UID is 10 characters, letters A–Z and digits 0–9.`)] };
  }
  const rec = data.records.get(uid);
  if (!rec || rec.statusDate > req.asOf) {
    return { uid, eligible: false, status: null, reasons: [reason('UID_NOT_FOUND', `No CMMC status is recorded in SPRS for UID ${uid} on or before ${req.asOf}.`)] };
  }
  const s = statusAsOf(rec, req.asOf);
  const reasons: Reason[] = [];
  if (s.ended.length) {
    // Ended statuses report only the ending reason(s) as errors (rules §3, "Reporting").
    reasons.push(...s.ended);
  } else {
    if (s.type === 'CONDITIONAL' && req.requiredLevel === 'L1_SELF') {
      reasons.push(reason('CONDITIONAL_NOT_ALLOWED_FOR_L1', `A Level 1 requirement needs a Final status; ${uid} is Conditional (${LEVEL_LABEL[rec.level]}).`));
    }
    if (!meetsRank(rec.level, req.requiredLevel)) {
      reasons.push(reason('LEVEL_TOO_LOW', `${uid} holds ${LEVEL_LABEL[rec.level]}; the requirement is ${LEVEL_LABEL[req.requiredLevel]} or higher.`));
    }
    reasons.push(...s.currencyErrors);
  }
  const eligible = !hasError(reasons);

  if (eligible && s.currentThrough) {
    const horizon = addDays(req.asOf, req.lookAheadDays);
    const until = req.lookAheadUntil ?? null;
    if (s.currentThrough < horizon || (until && s.currentThrough < until)) {
      const which = until && s.currentThrough < until ? until : horizon;
      reasons.push(
        reason('EXPIRES_WITHIN', `${uid} is current only through ${s.currentThrough}, before ${which}${until && which === until ? ' (the date you gave)' : ` (${req.lookAheadDays} days ahead)`}.`, {
          currentThrough: s.currentThrough,
          horizon: which,
        }),
      );
    }
  }
  if (rec.level === 'L3_DIBCAC' && !s.ended.length) {
    const prerequisiteHolds = data.prerequisites.some(
      (p) =>
        p.level === 'L2_C3PAO' &&
        p.hloCage === rec.hloCage &&
        p.scopeKey === rec.scopeKey &&
        p.statusDate <= req.asOf &&
        (() => {
          const ps = statusAsOf(p, req.asOf);
          return ps.current && ps.type === 'FINAL';
        })(),
    );
    if (!prerequisiteHolds) {
      reasons.push(reason('L3_PREREQUISITE_LAPSED', `The scope "${rec.scope}" has no current Final Level 2 (C3PAO) status on ${req.asOf}; Level 3 depends on it (advisory).`));
    }
  }
  if (data.offerorHlo && !rec.cageHlos.includes(data.offerorHlo)) {
    reasons.push(
      reason('UID_NOT_OFFEROR_CAGE', `None of ${uid}'s CAGE codes (${rec.cages.join(', ')}) is in the offeror's CAGE hierarchy; it may be a subcontractor's system.`),
    );
  }
  return {
    uid,
    eligible,
    status: {
      level: rec.level,
      type: s.type,
      statusDate: rec.statusDate,
      currentThrough: s.currentThrough,
      cages: rec.cages,
      scope: rec.scope,
      score: rec.score,
      latestAffirmation: s.latestAffirmation,
      supersededBy: s.replacedBy,
    },
    reasons,
  };
}

/** Normalises and de-duplicates the offer's UIDs, keeping first-seen order. */
export function distinctUids(raw: readonly string[]): { uids: string[]; duplicates: string[] } {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const u of raw.map(normaliseId)) {
    if (seen.has(u)) {
      if (!duplicates.includes(u)) duplicates.push(u);
    } else seen.add(u);
  }
  return { uids: [...seen], duplicates };
}

/** The award / option / extension / new-UID check of an offer or contract action (rules §5). */
export function checkOffer(req: CheckRequest, data: CheckData): CheckAnswer {
  const offerReasons: Reason[] = [];
  const { uids, duplicates } = distinctUids(req.uids);
  if (uids.length === 0) {
    offerReasons.push(reason('NO_UIDS_PROVIDED', 'No CMMC UID was provided; the action requires a current CMMC status for every system that handles FCI or CUI.'));
  }
  for (const d of duplicates) offerReasons.push(reason('DUPLICATE_UID', `${d} was listed more than once; it is checked once.`, { uid: d }));
  if (req.sam && (!req.sam.active || !req.sam.ueiCageNameAddressMatch)) {
    const missing = [!req.sam.active && 'the SAM record is not active', !req.sam.ueiCageNameAddressMatch && 'the UEI, CAGE, name or address does not match the contract']
      .filter(Boolean)
      .join(' and ');
    offerReasons.push(reason('SAM_NOT_CONFIRMED', `The officer recorded that ${missing}.`));
  }
  const rows = uids.map((u) => checkUid(u, req, data));
  const nist = (req.nist?.cages ?? []).map((c) => checkNist(normaliseId(c), data.nistRecords, req.asOf, req.nist?.maxAgeDays));
  const eligible = !hasError(offerReasons) && rows.every((r) => !hasError(r.reasons)) && nist.every((n) => !hasError(n.reasons));
  return {
    eligible,
    asOf: req.asOf,
    purpose: req.purpose,
    requiredLevel: req.requiredLevel,
    offerorCage: req.offerorCage ? normaliseId(req.offerorCage) : null,
    reasons: offerReasons,
    uids: rows,
    nist,
    phase: phaseFor(req.asOf, req.requiredLevel, req.purpose),
    assumptions: currentRules(),
    verificationId: null,
  };
}
