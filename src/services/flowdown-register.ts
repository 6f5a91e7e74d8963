/**
 * What a prime reads across its recorded flowdown checks: the subs to re-check before their
 * evidence lapses, and the register of every check as CSV.
 */
import { addDays, daysBetween, type IsoDate } from '../domain/dates.js';
import { DEFAULT_LOOK_AHEAD_DAYS } from '../domain/eligibility.js';
import type { Reason } from '../domain/reasons.js';
import type { FlowdownCheckRow } from '../../db/schema.js';
import type { Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { toCsv } from './csv.js';
import type { StoredEvidence } from './flowdown-evidence.js';
import { ownRows, readerCompany, type FlowdownFilter, type RecheckRow } from './flowdown.js';

/**
 * Subs to re-check: for each (prime contract, sub) the latest check that allowed the award, when its
 * evidence's earliest currentThrough falls before today + `days` (already lapsed included). The
 * same horizon as EXPIRES_WITHIN (rules §5 look-ahead): lapsing "within N days" means the status is
 * no longer current on today + N.
 */
export async function recheckList(ctx: ServiceContext, actor: Actor, opts: { days?: number | null } = {}): Promise<{ asOf: IsoDate; days: number; items: RecheckRow[] }> {
  const company = readerCompany(actor);
  const days = opts.days ?? DEFAULT_LOOK_AHEAD_DAYS;
  const today = ctx.clock.today();
  const horizon = addDays(today, days);
  const latest = new Map<string, FlowdownCheckRow>();
  for (const r of await ownRows(ctx, company, {}, 'newest')) {
    const key = `${r.primeHlo}\u0000${r.primeContractNumber}\u0000${r.subCage}`;
    if (!latest.has(key)) latest.set(key, r);
  }
  const items = [...latest.values()]
    .filter((r) => r.mayAward && r.evidenceCurrentThrough !== null && r.evidenceCurrentThrough < horizon)
    .map((r) => ({
      checkId: r.id,
      primeContractNumber: r.primeContractNumber,
      subcontractor: { cage: r.subCage, name: r.subName },
      information: r.information,
      subMinimumLevel: r.subMinimumLevel,
      evidenceKind: r.evidenceKind,
      verified: r.verified,
      evidenceCurrentThrough: r.evidenceCurrentThrough!,
      daysLeft: daysBetween(today, r.evidenceCurrentThrough!),
      lapsed: r.evidenceCurrentThrough! < today,
      asOf: r.asOf,
      decidedAt: r.decidedAt,
    }))
    .sort((a, b) => (a.evidenceCurrentThrough < b.evidenceCurrentThrough ? -1 : a.evidenceCurrentThrough > b.evidenceCurrentThrough ? 1 : 0));
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
      ];
    }),
  );
}
