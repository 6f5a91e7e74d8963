/**
 * The watch list: contracts with a UID that stops being current before the contract's next option
 * date, soonest first (rules §3 `currentThrough`; DFARS 204.7503(c): no option exercise without a
 * current status). Computed on read from the records as of the date, so it is never stale.
 */
import { asc } from 'drizzle-orm';
import { contracts } from '../../db/schema.js';
import type { UidStatus } from '../domain/eligibility.js';
import type { Reason } from '../domain/reasons.js';
import type { Actor } from './actor.js';
import { evaluateCheck } from './checks.js';
import type { ServiceContext } from './context.js';
import { contractCheckInput } from './contract-actions.js';
import { getContract, nextOptionOf } from './contracts.js';
import { assertOfficer } from './solicitations.js';

export interface WatchUid {
  uid: string;
  status: UidStatus | null;
  /** Last date the UID is current; null when it is not current on the date of the list. */
  currentThrough: string | null;
  reasons: Reason[];
}

export interface WatchEntry {
  contract: { id: number; number: string; contractorName: string; cage: string };
  nextOption: { id: number; label: string; startDate: string };
  uids: WatchUid[];
  /** The earliest `currentThrough` among the UIDs at risk; null when one is already not current. */
  firstLapse: string | null;
}

export async function watchList(ctx: ServiceContext, actor: Actor, opts: { asOf?: string | null }): Promise<{ asOf: string; entries: WatchEntry[] }> {
  assertOfficer(actor);
  const asOf = opts.asOf ?? ctx.clock.today();
  const ids = await ctx.database.db.select({ id: contracts.id }).from(contracts).orderBy(asc(contracts.id));
  const entries: WatchEntry[] = [];
  for (const { id } of ids) {
    const c = await getContract(ctx, actor, id);
    const next = nextOptionOf(c, asOf);
    if (!next || !c.uids.length) continue;
    const input = { ...contractCheckInput(c, 'OPTION', c.uids.map((u) => u.uid), { asOf }, next.startDate), lookAheadDays: 0, nist: null };
    const { answer } = await evaluateCheck(ctx, input);
    // Not current on the option's start date: either failing now, or current only through an earlier day.
    const atRisk = answer.uids
      .filter((u) => !u.eligible || !u.status?.currentThrough || u.status.currentThrough < next.startDate)
      .map((u) => ({ uid: u.uid, status: u.status, currentThrough: u.eligible ? (u.status?.currentThrough ?? null) : null, reasons: u.reasons.filter((r) => r.severity !== 'info') }));
    if (!atRisk.length) continue;
    const lapses = atRisk.map((u) => u.currentThrough);
    entries.push({
      contract: { id: c.id, number: c.number, contractorName: c.contractorName, cage: c.cage },
      nextOption: { id: next.id, label: next.label, startDate: next.startDate },
      uids: atRisk,
      firstLapse: lapses.includes(null) ? null : [...(lapses as string[])].sort()[0],
    });
  }
  // Soonest first: already lapsed (null) before any date, then by the option date.
  entries.sort((a, b) => (a.firstLapse ?? '').localeCompare(b.firstLapse ?? '') || a.nextOption.startDate.localeCompare(b.nextOption.startDate) || a.contract.number.localeCompare(b.contract.number));
  return { asOf, entries };
}
