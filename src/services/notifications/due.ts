/**
 * Which reminders are due on a day (issue 11), found set-based: the domain names the few source
 * dates whose deadline falls on a reminder day (`reminderSourceDates`), SQL selects the UIDs with
 * those dates in two scans, and only those candidates are loaded (the check's own loader) and
 * confirmed with the check's own rules (`remindersDue`). Contracts and flowdown checks come from
 * the officer's watch list and the prime's re-check list, so a reminder says what those pages say.
 */
import { inArray, sql } from 'drizzle-orm';
import { flowdownChecks } from '../../../db/schema.js';
import { daysBetween, type IsoDate } from '../../domain/dates.js';
import type { Level } from '../../domain/levels.js';
import { DAYS_BEFORE, reminderSourceDates, remindersDue, type ReminderKind } from '../../domain/reminders.js';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { recheckList } from '../flowdown-register.js';
import { loadStatusRecords, type LoadedRecord } from '../status-records.js';
import { watchList } from '../watch-list.js';
import type { ReminderDetail } from './messages.js';

/** One reminder before it is fanned out to its recipients. */
export interface DueItem {
  kind: ReminderKind;
  subject: string;
  deadline: IsoDate;
  daysBefore: number;
  /** The company (HLO) whose people are told; null for an officer's contract. */
  companyHlo: string | null;
  /** POA&M closeouts of Level 2 (C3PAO) also go to the engaged C3PAO users. */
  level: Level | null;
  /** OPTION_AT_RISK: the contract whose verifications' recorders are told. */
  contractId: number | null;
  detail: ReminderDetail;
}

/** The pass reads every company's records and contracts, as an administrator's lists do; it never writes as one. */
const PASS_READER: Actor = { id: 0, email: 'daily-pass@awardgate.invalid', name: 'Daily reminder pass', role: 'ADMIN', companyHlo: null, companyCage: null };

/** UIDs loaded per round trip: the loader's IN list. */
const LOAD_CHUNK = 500;

/** Status records of many UIDs, a chunk per round trip, with the check's own loader. */
export async function* statusRecordsOf(ctx: ServiceContext, uids: readonly string[]): AsyncGenerator<LoadedRecord> {
  for (let i = 0; i < uids.length; i += LOAD_CHUNK) yield* (await loadStatusRecords(ctx.database.readDb, uids.slice(i, i + LOAD_CHUNK))).values();
}

/** Who recorded each contract's verifications (award, options, extensions, new UIDs): `contract_id`, `recorded_by`. */
export const CONTRACT_RECORDERS = sql`
  SELECT k.id AS contract_id, v.recorded_by FROM contracts k JOIN verifications v ON v.id = k.award_verification_id
  UNION SELECT cv.contract_id, v.recorded_by FROM contract_verifications cv JOIN verifications v ON v.id = cv.verification_id`;

const list = (xs: readonly string[]) => sql.join(
  xs.map((x) => sql`${x}`),
  sql`, `,
);

/**
 * Candidate UIDs: a status date on which a closeout or age deadline falls on a reminder day, or a
 * latest affirmation (as of today) whose year ends on one. A superset: `remindersDue` decides.
 */
async function candidateUids(ctx: ServiceContext, today: IsoDate): Promise<string[]> {
  const { affirmationDates, statusDates } = reminderSourceDates(today);
  const db = ctx.database.readDb;
  const rows = await db.all<{ uid: string }>(sql`
    SELECT uid FROM assessments WHERE status_date IN (${list(statusDates)}) AND posted_type <> 'NONE'
    UNION
    SELECT assessment_uid FROM affirmations WHERE date <= ${today}
      GROUP BY assessment_uid HAVING max(date) IN (${list(affirmationDates)})`);
  return rows.map((r) => r.uid);
}

async function uidReminders(ctx: ServiceContext, today: IsoDate): Promise<DueItem[]> {
  const uids = await candidateUids(ctx, today);
  const out: DueItem[] = [];
  for await (const rec of statusRecordsOf(ctx, uids))
    for (const r of remindersDue(rec, today))
      out.push({ kind: r.kind, subject: rec.uid, deadline: r.deadline, daysBefore: r.daysBefore, companyHlo: rec.hloCage, level: rec.level, contractId: null, detail: {} });
  return out;
}

/** Contracts on the watch list (a UID not current on the next option date): weekly while they stay there. */
async function optionReminders(ctx: ServiceContext, today: IsoDate): Promise<DueItem[]> {
  const { entries } = await watchList(ctx, PASS_READER, { asOf: today });
  return entries.map((e) => ({
    kind: 'OPTION_AT_RISK' as const,
    subject: e.contract.number,
    deadline: e.nextOption.startDate,
    daysBefore: daysBetween(today, e.nextOption.startDate),
    companyHlo: null,
    level: null,
    contractId: e.contract.id,
    detail: { contractId: e.contract.id, contractNumber: e.contract.number, contractorName: e.contract.contractorName, optionLabel: e.nextOption.label, uids: e.uids.map((u) => u.uid) },
  }));
}

/** Flowdown checks whose evidence stops being current in 30 days (the prime's re-check list). */
async function flowdownReminders(ctx: ServiceContext): Promise<DueItem[]> {
  const horizon = Math.max(...DAYS_BEFORE.FLOWDOWN_RECHECK) + 1;
  const { items } = await recheckList(ctx, PASS_READER, { days: horizon });
  const due = items.filter((r) => (DAYS_BEFORE.FLOWDOWN_RECHECK as readonly number[]).includes(r.daysLeft));
  if (!due.length) return [];
  const primes = new Map(
    (await ctx.database.readDb.select({ id: flowdownChecks.id, primeHlo: flowdownChecks.primeHlo }).from(flowdownChecks).where(inArray(flowdownChecks.id, due.map((r) => r.checkId)))).map((r) => [r.id, r.primeHlo]),
  );
  return due.map((r) => ({
    kind: 'FLOWDOWN_RECHECK' as const,
    subject: `${r.primeContractNumber}/${r.subcontractor.cage}`,
    deadline: r.evidenceCurrentThrough,
    daysBefore: r.daysLeft,
    companyHlo: primes.get(r.checkId) ?? null,
    level: null,
    contractId: null,
    detail: { primeContractNumber: r.primeContractNumber, subName: r.subcontractor.name, subCage: r.subcontractor.cage },
  }));
}

/** Every reminder due today (the clock's, which the watch and re-check lists read too), before recipients. */
export async function findDueReminders(ctx: ServiceContext): Promise<{ today: IsoDate; items: DueItem[] }> {
  const today = ctx.clock.today();
  const items = [...(await uidReminders(ctx, today)), ...(await optionReminders(ctx, today)), ...(await flowdownReminders(ctx))];
  return { today, items };
}
