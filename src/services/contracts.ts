/**
 * Contracts created from recorded award verifications, their option periods and UIDs, and the
 * verifications recorded during performance (rules §5; DFARS 204.7503(b)–(d), 217.207(c)):
 * option exercise and period extension (with the 217.207(c)(1) SAM attestations) and UIDs added
 * during performance, as one table of contract actions (CONTRACT_ACTIONS). Every verification is
 * the foundation's immutable record (`recordVerification`); the change to the contract file is
 * written in the same transaction.
 */
import { and, asc, count, desc, eq, inArray, like, or } from 'drizzle-orm';
import { contracts, contractUids, contractVerifications, offerVerifications, offers, optionPeriods } from '../../db/schema.js';
import { distinctUids } from '../domain/eligibility.js';
import { isUid } from '../domain/identifiers.js';
import type { Purpose } from '../domain/levels.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit.js';
import { check, getVerification, recordVerification, type CheckInput, type RecordedVerification, type WithinRecording } from './checks.js';
import type { ServiceContext } from './context.js';
import { conflict, invalid, notFound, ServiceError, type FieldError } from './errors.js';
import type { CheckDatesInput, ContractInput, ExtensionVerificationInput, NewUidVerificationInput, OptionPeriodInput, OptionVerificationInput } from './inputs.js';
import { assertOfficer } from './solicitations.js';
import { summariesByIds, type VerificationSummary } from './verification-records.js';

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

function overlapErrors(periods: { label: string; startDate: string; endDate: string }[], pathOf: (i: number) => string): FieldError[] {
  const errors: FieldError[] = [];
  for (let i = 0; i < periods.length; i++)
    for (let j = 0; j < i; j++)
      if (periods[i].startDate <= periods[j].endDate && periods[j].startDate <= periods[i].endDate)
        errors.push({ path: pathOf(i), message: `${periods[i].label} overlaps ${periods[j].label}` });
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
  if (input.basePeriodEnd < input.awardDate) errors.push({ path: 'basePeriodEnd', message: 'The base period cannot end before the award date' });
  errors.push(...periodErrors(input.optionPeriods, input.awardDate, 'optionPeriods.'));
  errors.push(...overlapErrors(input.optionPeriods, (i) => `optionPeriods.${i}.startDate`));
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

export async function listContracts(
  ctx: ServiceContext,
  actor: Actor,
  opts: { q?: string; sort: ContractSort; dir: 'asc' | 'desc'; offset: number; limit: number },
): Promise<{ rows: (ContractRow & { nextOption: OptionPeriod | null })[]; total: number }> {
  assertOfficer(actor);
  const { db } = ctx.database;
  const col = { number: contracts.number, contractorName: contracts.contractorName, awardDate: contracts.awardDate, createdAt: contracts.createdAt }[opts.sort];
  const q = opts.q?.trim();
  const where = q ? or(like(contracts.number, `%${q.toUpperCase()}%`), like(contracts.cage, `%${q.toUpperCase()}%`), like(contracts.contractorName, `%${q}%`)) : undefined;
  const rows = await db
    .select()
    .from(contracts)
    .where(where)
    .orderBy(opts.dir === 'desc' ? desc(col) : asc(col), asc(contracts.id))
    .limit(opts.limit)
    .offset(opts.offset);
  const [{ n }] = await db.select({ n: count() }).from(contracts).where(where);
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

/** The check of a contract action: the contract's level, CAGE and NIST terms, on the given date. */
export function contractCheckInput(c: ContractRow, purpose: Exclude<Purpose, 'AWARD'>, uids: string[], dates: CheckDatesInput, defaultUntil: string | null): CheckInput {
  return {
    purpose,
    requiredLevel: c.requiredLevel,
    asOf: dates.asOf ?? null,
    uids,
    offerorCage: c.cage,
    lookAheadUntil: dates.lookAheadUntil ?? defaultUntil,
    nist: c.nistApplies ? { cages: [c.cage], maxAgeDays: c.nistMaxAgeDays } : null,
    contractNumber: c.number,
  };
}

const contractUidList = (c: Contract) => c.uids.map((u) => u.uid);

/** For an option, lapses are looked for up to the following option's start, else this option's end. */
export function optionLookAhead(c: Contract, periodId: number): string | null {
  const i = c.optionPeriods.findIndex((p) => p.id === periodId);
  if (i < 0) return null;
  return c.optionPeriods[i + 1]?.startDate ?? c.optionPeriods[i].endDate;
}

function optionPeriodOf(c: Contract, id: number): OptionPeriodView {
  const p = c.optionPeriods.find((x) => x.id === id);
  if (!p) throw invalid('No such option period on this contract', [{ path: 'optionPeriodId', message: 'Choose an option period of this contract' }]);
  return p;
}

/** The verifications recorded during performance (rules §5 purposes other than award). */
export type ContractPurpose = Exclude<Purpose, 'AWARD'>;
interface ContractActionInputs {
  OPTION: OptionVerificationInput;
  EXTENSION: ExtensionVerificationInput;
  NEW_UID: NewUidVerificationInput;
}
export type ContractActionInput = ContractActionInputs[ContractPurpose];

type Tx = Parameters<WithinRecording>[0];

/** What differs between the contract actions; the check, its preview and its recording are shared. */
interface ContractAction<P extends ContractPurpose> {
  /** Refuses what cannot be checked (422), before anything is evaluated. */
  validate?: (c: Contract, input: ContractActionInputs[P]) => void;
  /** The UIDs checked. */
  uids: (c: Contract, input: ContractActionInputs[P]) => string[];
  /** The look-ahead date when the officer gives none. */
  lookAhead: (c: Contract, input: ContractActionInputs[P], today: string) => string | null;
  /** The DFARS 217.207(c)(1) SAM attestations the officer records with the check, if the action has them. */
  sam?: (input: ContractActionInputs[P]) => CheckInput['sam'];
  /** How the contract file changes, in the transaction that records the verification. */
  onRecord: (tx: Tx, c: Contract, input: ContractActionInputs[P], verificationId: string, today: string) => Promise<void>;
}

const CONTRACT_ACTIONS: { [P in ContractPurpose]: ContractAction<P> } = {
  /** DFARS 204.7503(c), 217.207(c): option exercise, with the officer's SAM attestations. */
  OPTION: {
    uids: contractUidList,
    lookAhead: (c, input) => optionLookAhead(c, optionPeriodOf(c, input.optionPeriodId).id),
    sam: (input) => input.sam,
    onRecord: async (tx, c, input, verificationId) => {
      await tx.insert(contractVerifications).values({ verificationId, contractId: c.id, purpose: 'OPTION', optionPeriodId: input.optionPeriodId });
    },
  },
  /**
   * DFARS 204.7503(c): extending the period of performance needs a current status. The SAM
   * attestations of 217.207(c)(1) are recorded for extensions too (issue 3 scope); a "no" fails it.
   */
  EXTENSION: {
    validate: (c, input) => {
      if (input.extendedTo <= currentEndOf(c))
        throw invalid('The extension cannot be recorded', [{ path: 'extendedTo', message: `The new end must be after the current end of performance (${currentEndOf(c)})` }]);
    },
    uids: contractUidList,
    lookAhead: (_c, input) => input.extendedTo,
    sam: (input) => input.sam,
    onRecord: async (tx, c, input, verificationId) => {
      await tx.insert(contractVerifications).values({ verificationId, contractId: c.id, purpose: 'EXTENSION', extendedTo: input.extendedTo });
    },
  },
  /**
   * DFARS 204.7503(d): UIDs the contractor adds during performance are checked and recorded. They
   * join the contract's UID list whatever the verdict (the contractor said those systems handle
   * FCI/CUI), so later option checks and the watch list keep seeing them.
   */
  NEW_UID: {
    validate: (c, input) => {
      const held = new Set(contractUidList(c));
      const again = distinctUids(input.uids).uids.filter((u) => held.has(u));
      if (again.length) throw invalid('The new UIDs cannot be checked', [{ path: 'uids', message: `Already on this contract: ${again.join(', ')}` }]);
    },
    uids: (_c, input) => input.uids,
    lookAhead: (c, input, today) => nextOptionOf(c, input.asOf ?? today)?.startDate ?? null,
    onRecord: async (tx, c, input, verificationId, today) => {
      const addedOn = input.asOf ?? today;
      const fresh = distinctUids(input.uids).uids.filter(isUid);
      await tx.insert(contractVerifications).values({ verificationId, contractId: c.id, purpose: 'NEW_UID' });
      if (fresh.length) await tx.insert(contractUids).values(fresh.map((uid) => ({ contractId: c.id, uid, source: 'NEW_UID' as const, addedOn, verificationId })));
    },
  },
};

function actionCheckInput<P extends ContractPurpose>(c: Contract, purpose: P, input: ContractActionInputs[P], today: string): CheckInput {
  const action: ContractAction<P> = CONTRACT_ACTIONS[purpose];
  action.validate?.(c, input);
  const base = contractCheckInput(c, purpose, action.uids(c, input), input, action.lookAhead(c, input, today));
  return action.sam ? { ...base, sam: action.sam(input) } : base;
}

/** The check of a contract action as it would be recorded now, without recording it. */
export async function previewContractAction<P extends ContractPurpose>(ctx: ServiceContext, actor: Actor, contractId: number, purpose: P, input: ContractActionInputs[P]) {
  const c = await getContract(ctx, actor, contractId);
  const checked = actionCheckInput(c, purpose, input, ctx.clock.today());
  return { answer: await check(ctx, actor, checked), lookAheadUntil: checked.lookAheadUntil ?? null };
}

/** Records the verification of a contract action and changes the contract file with it, atomically. */
export async function recordContractAction<P extends ContractPurpose>(ctx: ServiceContext, actor: Actor, contractId: number, purpose: P, input: ContractActionInputs[P]): Promise<RecordedVerification> {
  const c = await getContract(ctx, actor, contractId);
  const today = ctx.clock.today();
  const action: ContractAction<P> = CONTRACT_ACTIONS[purpose];
  return recordVerification(ctx, actor, actionCheckInput(c, purpose, input, today), (tx, verificationId) => action.onRecord(tx, c, input, verificationId, today));
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
