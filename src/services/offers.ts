/**
 * Offers on a solicitation and their award checks (rules §5; DFARS 204.7503(b), 252.204-7025).
 * An offer keeps the UIDs exactly as the offeror listed them (normalised), duplicates included, so
 * the check can report format errors and duplicates; the offeror may send an updated list
 * (252.204-7025(d)), which replaces it. The check itself is the foundation's `evaluateCheck` /
 * `recordVerification`; recording an award links the verification to its offer in the same transaction.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { offers, offerUids, offerVerifications } from '../../db/schema.js';
import type { CheckAnswer } from '../domain/eligibility.js';
import type { Level } from '../domain/levels.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit.js';
import { evaluateCheck, recordVerification, type CheckInput, type RecordedVerification } from './checks.js';
import type { ServiceContext } from './context.js';
import { invalid, notFound } from './errors.js';
import type { CheckDatesInput, OfferInput } from './inputs.js';
import { assertOfficer, getSolicitation, type Solicitation } from './solicitations.js';
import { summariesByIds, type VerificationSummary } from './verification-records.js';

export interface Offer {
  id: number;
  solicitationId: number;
  offerorName: string;
  cage: string;
  uei: string;
  uids: string[];
  createdAt: string;
  updatedAt: string;
}

async function uidsOf(ctx: ServiceContext, offerIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(offerIds.map((id) => [id, []]));
  if (!offerIds.length) return out;
  const rows = await ctx.database.db.select().from(offerUids).where(inArray(offerUids.offerId, offerIds)).orderBy(asc(offerUids.offerId), asc(offerUids.position));
  for (const r of rows) out.get(r.offerId)!.push(r.uid);
  return out;
}

export async function createOffer(ctx: ServiceContext, actor: Actor, solicitationId: number, input: OfferInput): Promise<Offer> {
  assertOfficer(actor);
  await getSolicitation(ctx, actor, solicitationId);
  const now = ctx.clock.now().toISOString();
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(offers)
      .values({ solicitationId, offerorName: input.offerorName, cage: input.cage, uei: input.uei, createdBy: actor.id, createdAt: now, updatedAt: now })
      .returning();
    if (input.uids.length) await tx.insert(offerUids).values(input.uids.map((uid, position) => ({ offerId: row.id, position, uid })));
    await appendAudit(tx, ctx.clock.now(), [{ userId: actor.id, action: 'offer.create', entity: 'offer', entityId: String(row.id), detail: { solicitationId, ...input } }]);
    return { ...row, uids: input.uids };
  });
}

/** The offeror's updated UID list replaces the old one (DFARS 252.204-7025(d)); recorded checks keep the list they used. */
export async function updateOfferUids(ctx: ServiceContext, actor: Actor, offerId: number, uids: string[]): Promise<Offer> {
  const offer = await getOffer(ctx, actor, offerId);
  const now = ctx.clock.now().toISOString();
  return ctx.database.db.transaction(async (tx) => {
    await tx.delete(offerUids).where(eq(offerUids.offerId, offerId));
    if (uids.length) await tx.insert(offerUids).values(uids.map((uid, position) => ({ offerId, position, uid })));
    await tx.update(offers).set({ updatedAt: now }).where(eq(offers.id, offerId));
    await appendAudit(tx, ctx.clock.now(), [{ userId: actor.id, action: 'offer.uids', entity: 'offer', entityId: String(offerId), detail: { before: offer.uids, after: uids } }]);
    return { ...offer, uids, updatedAt: now };
  });
}

export async function getOffer(ctx: ServiceContext, actor: Actor, id: number): Promise<Offer & { solicitation: Solicitation; awards: VerificationSummary[] }> {
  assertOfficer(actor);
  const [row] = Number.isSafeInteger(id) ? await ctx.database.db.select().from(offers).where(eq(offers.id, id)) : [];
  if (!row) throw notFound('No such offer');
  const solicitation = await getSolicitation(ctx, actor, row.solicitationId);
  const links = await ctx.database.db.select({ id: offerVerifications.verificationId }).from(offerVerifications).where(eq(offerVerifications.offerId, id));
  const awards = await summariesByIds(ctx, links.map((l) => l.id));
  return { ...row, uids: (await uidsOf(ctx, [id])).get(id)!, solicitation, awards };
}

export async function listOffers(ctx: ServiceContext, actor: Actor, solicitationId: number): Promise<Offer[]> {
  assertOfficer(actor);
  const rows = await ctx.database.db.select().from(offers).where(eq(offers.solicitationId, solicitationId)).orderBy(asc(offers.id));
  const uids = await uidsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, uids: uids.get(r.id)! }));
}

/** The level every UID must meet: the solicitation's, per DFARS 204.7504 (rules §8). */
export function requiredLevelOf(s: Solicitation): Level {
  if (s.decision.requiredLevel) return s.decision.requiredLevel;
  const why = s.decision.clauseApplies
    ? 'The CMMC clauses apply but no CMMC level is set: obtain the level from the program office and edit the solicitation.'
    : 'The CMMC clauses (DFARS 252.204-7021, 252.204-7025) are not used in this solicitation, so there is no CMMC check to run.';
  throw invalid(why, [{ path: '_form', message: why }]);
}

/**
 * The check request for an offer: the planned award date is the look-ahead date unless the officer
 * gives another (rules §5 EXPIRES_WITHIN); NIST rows for the offeror's CAGE when 252.204-7012 applies.
 */
export function offerCheckInput(s: Solicitation, offer: Offer, dates: CheckDatesInput): CheckInput {
  return {
    purpose: 'AWARD',
    requiredLevel: requiredLevelOf(s),
    asOf: dates.asOf ?? null,
    uids: offer.uids,
    offerorCage: offer.cage,
    lookAheadUntil: dates.lookAheadUntil ?? s.plannedAwardDate ?? null,
    nist: s.nistApplies ? { cages: [offer.cage], maxAgeDays: s.nistMaxAgeDays } : null,
    solicitationNumber: s.number,
  };
}

export async function checkOfferNow(ctx: ServiceContext, actor: Actor, offerId: number, dates: CheckDatesInput) {
  const offer = await getOffer(ctx, actor, offerId);
  const input = offerCheckInput(offer.solicitation, offer, dates);
  const { answer } = await evaluateCheck(ctx, input);
  return { offer, input, answer };
}

/** Side by side: every offer of the solicitation checked on the same date against the same level. */
export async function compareOffers(ctx: ServiceContext, actor: Actor, solicitationId: number, dates: CheckDatesInput) {
  const solicitation = await getSolicitation(ctx, actor, solicitationId);
  const list = await listOffers(ctx, actor, solicitationId);
  const rows: { offer: Offer; answer: CheckAnswer }[] = [];
  for (const offer of list) rows.push({ offer, answer: (await evaluateCheck(ctx, offerCheckInput(solicitation, offer, dates))).answer });
  return { solicitation, rows };
}

/** Records the award verification of an offer (immutable) and links it to the offer atomically. */
export async function recordAward(ctx: ServiceContext, actor: Actor, offerId: number, dates: CheckDatesInput): Promise<RecordedVerification> {
  const offer = await getOffer(ctx, actor, offerId);
  return recordVerification(ctx, actor, offerCheckInput(offer.solicitation, offer, dates), async (tx, verificationId) => {
    await tx.insert(offerVerifications).values({ verificationId, offerId });
  });
}
