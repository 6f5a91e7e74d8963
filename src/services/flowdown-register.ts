/**
 * What a prime reads across its recorded flowdown checks: the subs to re-check before their
 * evidence lapses (CMMC status or, under DFARS 252.204-7012, the sub's NIST SP 800-171 assessment),
 * and the register of every check as CSV.
 */
import { addDays, daysBetween, maxDate, minDate, type IsoDate } from '../domain/dates.js';
import { DEFAULT_LOOK_AHEAD_DAYS } from '../domain/eligibility.js';
import type { Information, Level } from '../domain/levels.js';
import type { Reason } from '../domain/reasons.js';
import type { FlowdownCheckRow } from '../../db/schema.js';
import type { Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { toCsv } from './csv.js';
import type { EvidenceKind, StoredEvidence } from './flowdown-evidence.js';
import { ownRows, readerCompany, type FlowdownFilter } from './flowdown.js';

/** What lapses: the sub's CMMC status evidence, or its NIST SP 800-171 assessment (3 years, rules §7). */
export type RecheckLapse = 'CMMC_STATUS' | 'NIST_ASSESSMENT';

export interface RecheckRow {
  checkId: string;
  primeContractNumber: string;
  subcontractor: { cage: string; name: string };
  information: Information;
  subMinimumLevel: Level | null;
  evidenceKind: EvidenceKind | null;
  verified: boolean;
  /** Earliest currentThrough of the CMMC evidence (null when the check relied on no UID). */
  evidenceCurrentThrough: IsoDate | null;
  /** Last date the sub's NIST assessment counts (null when the NIST test did not apply). */
  subNistValidThrough: IsoDate | null;
  /** The subcontract's next milestone, when the check recorded one. */
  lookAheadUntil: IsoDate | null;
  /** What lapses before the horizon or the next milestone, soonest first. */
  lapses: RecheckLapse[];
  /** The first day something the award rested on no longer holds is the day after this one. */
  lapsesAfter: IsoDate;
  /** Days from today to `lapsesAfter` (negative once lapsed). */
  daysLeft: number;
  lapsed: boolean;
  asOf: IsoDate;
  decidedAt: string;
}

/**
 * Subs to re-check: for each (prime contract, sub) the latest check that allowed the award, when
 * what it rested on lapses before the horizon (today + `days`, the same horizon as EXPIRES_WITHIN,
 * rules §5) or before the subcontract's next milestone the check recorded: the evidence's earliest
 * currentThrough, and the sub's NIST assessment, which counts for 3 years (rules §7). Already lapsed
 * ones are included.
 */
export async function recheckList(ctx: ServiceContext, actor: Actor, opts: { days?: number | null } = {}): Promise<{ asOf: IsoDate; days: number; items: RecheckRow[] }> {
  const company = readerCompany(actor);
  const days = opts.days ?? DEFAULT_LOOK_AHEAD_DAYS;
  const today = ctx.clock.today();
  const latest = new Map<string, FlowdownCheckRow>();
  for (const r of await ownRows(ctx, company, {}, 'newest')) {
    const key = `${r.primeHlo}\u0000${r.primeContractNumber}\u0000${r.subCage}`;
    if (!latest.has(key)) latest.set(key, r);
  }
  const items: RecheckRow[] = [];
  for (const r of latest.values()) {
    if (!r.mayAward) continue;
    const horizon = r.lookAheadUntil ? maxDate(addDays(today, days), r.lookAheadUntil) : addDays(today, days);
    const lapsing: [RecheckLapse, IsoDate][] = [];
    if (r.evidenceCurrentThrough && r.evidenceCurrentThrough < horizon) lapsing.push(['CMMC_STATUS', r.evidenceCurrentThrough]);
    if (r.subNistValidThrough && r.subNistValidThrough < horizon) lapsing.push(['NIST_ASSESSMENT', r.subNistValidThrough]);
    if (!lapsing.length) continue;
    lapsing.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    const lapsesAfter = minDate(...lapsing.map(([, d]) => d));
    items.push({
      checkId: r.id,
      primeContractNumber: r.primeContractNumber,
      subcontractor: { cage: r.subCage, name: r.subName },
      information: r.information,
      subMinimumLevel: r.subMinimumLevel,
      evidenceKind: r.evidenceKind,
      verified: r.verified,
      evidenceCurrentThrough: r.evidenceCurrentThrough,
      subNistValidThrough: r.subNistValidThrough,
      lookAheadUntil: r.lookAheadUntil,
      lapses: lapsing.map(([what]) => what),
      lapsesAfter,
      daysLeft: daysBetween(today, lapsesAfter),
      lapsed: lapsesAfter < today,
      asOf: r.asOf,
      decidedAt: r.decidedAt,
    });
  }
  items.sort((a, b) => (a.lapsesAfter < b.lapsesAfter ? -1 : a.lapsesAfter > b.lapsesAfter ? 1 : 0));
  return { asOf: today, days, items };
}

export const FLOWDOWN_REGISTER_HEADER = [
  'check_id',
  'decided_at',
  'decided_by',
  'as_of',
  'prime_contract_number',
  'prime_level',
  'subcontractor_cage',
  'subcontractor_name',
  'information',
  'sub_minimum_level',
  'evidence_kind',
  'verified',
  'attestation_jti',
  'uids',
  'evidence_current_through',
  'may_award',
  'errors',
  'warnings',
  // Added with the COTS exclusion and the sub's NIST test (rules §7), after the columns readers already know.
  'cots_only',
  'nist_7012',
  'sub_nist_result',
  'sub_nist_assessment_date',
  'sub_nist_valid_through',
  'uids_not_relied_on',
  'next_milestone',
];

/** The prime's flowdown register as CSV, oldest first (one row per recorded check). */
export async function flowdownRegisterCsv(ctx: ServiceContext, actor: Actor, filter: FlowdownFilter = {}): Promise<string> {
  const rows = await ownRows(ctx, readerCompany(actor), filter, 'oldest');
  const codes = (reasons: Reason[], severity: Reason['severity']) => [...new Set(reasons.filter((r) => r.severity === severity).map((r) => r.code))].join(' ');
  return toCsv(
    FLOWDOWN_REGISTER_HEADER,
    rows.map((r) => {
      const ev = JSON.parse(r.evidenceJson) as StoredEvidence;
      const reasons = JSON.parse(r.reasonsJson) as Reason[];
      return [
        r.id,
        r.decidedAt,
        r.decidedByEmail,
        r.asOf,
        r.primeContractNumber,
        r.primeLevel,
        r.subCage,
        r.subName,
        r.information,
        r.subMinimumLevel,
        r.evidenceKind,
        r.verified ? 'yes' : 'no',
        r.attestationJti,
        [...new Set(ev.facts.map((f) => f.uid))].join(' '),
        r.evidenceCurrentThrough,
        r.mayAward ? 'yes' : 'no',
        codes(reasons, 'error'),
        codes(reasons, 'warning'),
        r.cotsOnly ? 'yes' : 'no',
        r.nist7012 ? 'yes' : 'no',
        // NOT_REQUIRED: no 7012, or a COTS-only subcontract (no NIST test, rules §7).
        r.subNistOutcome ?? 'NOT_REQUIRED',
        ev.decision.nist?.assessment?.assessmentDate ?? null,
        r.subNistValidThrough,
        (ev.notReliedOn ?? []).join(' '),
        r.lookAheadUntil,
      ];
    }),
  );
}
