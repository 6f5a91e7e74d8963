/**
 * Contracts created from recorded award verifications, their option periods and UIDs, and the
 * verifications recorded during performance (rules §5; DFARS 204.7503(b)–(d)), read together as
 * the contract file. The actions that record those verifications are contract-actions.ts.
 */
import { contractDateErrors } from '../domain/contract-dates.js';
import { and, asc, eq, inArray, like, or } from 'drizzle-orm';
import { contracts, contractUids, contractVerifications, offerVerifications, offers, optionPeriods } from '../../db/schema.js';
import { distinctUids } from '../domain/eligibility.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit.js';
import { getVerification, type RecordedVerification } from './checks.js';
import type { ServiceContext } from './context.js';
import { conflict, invalid, notFound, ServiceError, type FieldError } from './errors.js';
import type { ContractInput, OptionPeriodInput } from './inputs.js';
import { assertOfficer } from './solicitations.js';
import { summariesByIds, type VerificationSummary } from './verification-records.js';
import { orderFor, pageOf, type ListQuery } from './list-query.js';

export type ContractRow = typeof contracts.$inferSelect;
export type OptionPeriod = typeof optionPeriods.$inferSelect;
export type ContractUid = typeof contractUids.$inferSelect;

export interface OptionPeriodView extends OptionPeriod {
  verifications: VerificationSummary[];
  /** An eligible option verification is on record for this period. */
  verified: boolean;
}

export interface ContractVerificationView extends VerificationSummary {
  optionPeriodId: number | null;
  extendedTo: string | null;
}

export interface Contract extends ContractRow {
  uids: ContractUid[];
  optionPeriods: OptionPeriodView[];
  award: VerificationSummary;
  verifications: ContractVerificationView[];
}

function periodErrors(periods: OptionPeriodInput[], awardDate: string, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  periods.forEach((p, i) => {
    if (p.endDate < p.startDate) errors.push({ path: `${prefix}${i}.endDate`, message: `${p.label}: the end date is before the start date` });
    if (p.startDate < awardDate) errors.push({ path: `${prefix}${i}.startDate`, message: `${p.label}: an option period cannot start before the award date (${awardDate})` });
  });
  return errors;
}

async function assertContractNumberFree(ctx: ServiceContext, number: string): Promise<void> {
  const [row] = await ctx.database.db.select({ id: contracts.id }).from(contracts).where(eq(contracts.number, number));
  if (row) throw conflict(`Contract ${number} already exists`, [{ path: 'number', message: `Contract ${number} already exists` }]);
}

/**
 * A contract is created from an eligible award verification recorded from an offer: DFARS
 * 204.7503(b) forbids award unless every UID met the level, so an ineligible one cannot support it.
 */
export async function createContract(ctx: ServiceContext, actor: Actor, input: ContractInput): Promise<ContractRow> {
  assertOfficer(actor);
  const bad = (message: string, path = 'awardVerificationId') => invalid(message, [{ path, message }]);
  let v: RecordedVerification;
  try {
    v = await getVerification(ctx, actor, input.awardVerificationId);
  } catch (e) {
    if (e instanceof ServiceError && e.kind === 'not_found') throw bad('No such award verification');
    throw e;
  }
  if (v.purpose !== 'AWARD') throw bad('A contract is created from an award verification');
  if (!v.eligible) throw bad('This award verification found the offer not eligible: DFARS 204.7503(b) does not allow award on it');
  const { db } = ctx.database;
  const [link] = await db.select({ offer: offers }).from(offerVerifications).innerJoin(offers, eq(offers.id, offerVerifications.offerId)).where(eq(offerVerifications.verificationId, v.verificationId));
  if (!link) throw bad('This award verification was not recorded from an offer in the workspace; record the award from the offer');
  const [used] = await db.select({ number: contracts.number }).from(contracts).where(eq(contracts.awardVerificationId, v.verificationId));
  if (used) throw conflict(`Contract ${used.number} was already created from this award verification`, [{ path: 'awardVerificationId', message: `Contract ${used.number} was already created from this award verification` }]);
  await assertContractNumberFree(ctx, input.number);
  const errors: FieldError[] = [];
  if (input.awardDate < v.asOf) errors.push({ path: 'awardDate', message: `The award date cannot be before the verification's "as of" date (${v.asOf})` });
  errors.push(...contractDateErrors(input));
  if (errors.length) throw invalid('The contract cannot be created', errors);

  const offer = link.offer;
  const now = ctx.clock.now().toISOString();
  const { uids } = distinctUids(v.request.uids);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(contracts)
      .values({
        number: input.number,
        solicitationId: offer.solicitationId,
        offerId: offer.id,
        awardVerificationId: v.verificationId,
        contractorName: offer.offerorName,
        cage: offer.cage,
        uei: offer.uei,
        requiredLevel: v.requiredLevel,
        nistApplies: !!v.request.nist,
        nistMaxAgeDays: v.request.nist?.maxAgeDays ?? null,
        awardDate: input.awardDate,
        basePeriodEnd: input.basePeriodEnd,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning();
    if (uids.length)
      await tx.insert(contractUids).values(uids.map((uid) => ({ contractId: row.id, uid, source: 'AWARD' as const, addedOn: input.awardDate, verificationId: v.verificationId })));
    if (input.optionPeriods.length) await tx.insert(optionPeriods).values(input.optionPeriods.map((p) => ({ contractId: row.id, ...p, createdAt: now })));
    await appendAudit(tx, ctx.clock.now(), [{ userId: actor.id, action: 'contract.create', entity: 'contract', entityId: String(row.id), detail: { ...input, uids } }]);
    return row;
  });
}

export async function addOptionPeriod(ctx: ServiceContext, actor: Actor, contractId: number, input: OptionPeriodInput): Promise<OptionPeriod> {
  const c = await getContract(ctx, actor, contractId);
  const errors = periodErrors([input], c.awardDate, '').map((e) => ({ ...e, path: e.path.replace(/^0\./, '') }));
  const clash = c.optionPeriods.find((p) => input.startDate <= p.endDate && p.startDate <= input.endDate);
  if (clash) errors.push({ path: 'startDate', message: `${input.label} overlaps ${clash.label} (${clash.startDate} to ${clash.endDate})` });
  if (errors.length) throw invalid('The option period cannot be added', errors);
  const now = ctx.clock.now().toISOString();
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx.insert(optionPeriods).values({ contractId, ...input, createdAt: now }).returning();
    await appendAudit(tx, ctx.clock.now(), [{ userId: actor.id, action: 'contract.option-period', entity: 'contract', entityId: String(contractId), detail: input }]);
    return row;
  });
}

export async function getContract(ctx: ServiceContext, actor: Actor, id: number): Promise<Contract> {
  assertOfficer(actor);
  const { db } = ctx.database;
  const [row] = Number.isSafeInteger(id) ? await db.select().from(contracts).where(eq(contracts.id, id)) : [];
  if (!row) throw notFound('No such contract');
  const uids = await db.select().from(contractUids).where(eq(contractUids.contractId, id)).orderBy(asc(contractUids.addedOn), asc(contractUids.uid));
  const periods = await db.select().from(optionPeriods).where(eq(optionPeriods.contractId, id)).orderBy(asc(optionPeriods.startDate), asc(optionPeriods.id));
  const links = await db.select().from(contractVerifications).where(eq(contractVerifications.contractId, id));
  const summaries = await summariesByIds(ctx, [row.awardVerificationId, ...links.map((l) => l.verificationId)]);
  const byId = new Map(summaries.map((s) => [s.id, s]));
  const verifications = links
    .map((l) => ({ ...byId.get(l.verificationId)!, optionPeriodId: l.optionPeriodId, extendedTo: l.extendedTo }))
    .sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : -1));
  return {
    ...row,
    uids,
    optionPeriods: periods.map((p) => {
      const vs = verifications.filter((v) => v.optionPeriodId === p.id);
      return { ...p, verifications: vs, verified: vs.some((v) => v.eligible) };
    }),
    award: byId.get(row.awardVerificationId)!,
    verifications,
  };
}

/** The next option date: the earliest option period starting on or after `date` with no eligible option verification. */
export function nextOptionOf(c: Pick<Contract, 'optionPeriods'>, date: string): OptionPeriodView | null {
  return c.optionPeriods.find((p) => p.startDate >= date && !p.verified) ?? null;
}

/** The latest end of performance the contract file shows: base period, extensions. */
export function currentEndOf(c: Contract): string {
  return [c.basePeriodEnd, ...c.verifications.filter((v) => v.purpose === 'EXTENSION' && v.eligible && v.extendedTo).map((v) => v.extendedTo!)].sort().at(-1)!;
}

export const CONTRACT_SORTS = ['number', 'contractorName', 'awardDate', 'createdAt'] as const;
export type ContractSort = (typeof CONTRACT_SORTS)[number];

export async function listContracts(ctx: ServiceContext, actor: Actor, opts: ListQuery<ContractSort>): Promise<{ rows: (ContractRow & { nextOption: OptionPeriod | null })[]; total: number }> {
  assertOfficer(actor);
  const { db } = ctx.database;
  const col = { number: contracts.number, contractorName: contracts.contractorName, awardDate: contracts.awardDate, createdAt: contracts.createdAt }[opts.sort];
  const q = opts.q?.trim();
  const where = q ? or(like(contracts.number, `%${q.toUpperCase()}%`), like(contracts.cage, `%${q.toUpperCase()}%`), like(contracts.contractorName, `%${q}%`)) : undefined;
  const { rows, total: n } = await pageOf(db, contracts, db.select().from(contracts).$dynamic(), where, orderFor(col, opts.dir, asc(contracts.id)), opts);
  const ids = rows.map((r) => r.id);
  const periods = ids.length ? await db.select().from(optionPeriods).where(inArray(optionPeriods.contractId, ids)).orderBy(asc(optionPeriods.startDate)) : [];
  const optionLinks = ids.length
    ? await db
        .select({ periodId: contractVerifications.optionPeriodId, id: contractVerifications.verificationId })
        .from(contractVerifications)
        .where(and(inArray(contractVerifications.contractId, ids), eq(contractVerifications.purpose, 'OPTION')))
    : [];
  const eligibleIds = new Set((await summariesByIds(ctx, optionLinks.map((l) => l.id))).filter((s) => s.eligible).map((s) => s.id));
  const verifiedPeriods = new Set(optionLinks.filter((l) => eligibleIds.has(l.id)).map((l) => l.periodId));
  const today = ctx.clock.today();
  return {
    rows: rows.map((r) => ({ ...r, nextOption: periods.find((p) => p.contractId === r.id && p.startDate >= today && !verifiedPeriods.has(p.id)) ?? null })),
    total: n,
  };
}

/** Eligible award verifications recorded from offers that no contract has been created from yet. */
export async function awardsAwaitingContract(ctx: ServiceContext, actor: Actor): Promise<(VerificationSummary & { offerorName: string })[]> {
  assertOfficer(actor);
  const { db } = ctx.database;
  const links = await db.select({ id: offerVerifications.verificationId, offerorName: offers.offerorName }).from(offerVerifications).innerJoin(offers, eq(offers.id, offerVerifications.offerId));
  const used = new Set((await db.select({ id: contracts.awardVerificationId }).from(contracts)).map((r) => r.id));
  const names = new Map(links.map((l) => [l.id, l.offerorName]));
  const summaries = await summariesByIds(
    ctx,
    links.map((l) => l.id).filter((id) => !used.has(id)),
  );
  return summaries.filter((s) => s.eligible).map((s) => ({ ...s, offerorName: names.get(s.id)! }));
}
