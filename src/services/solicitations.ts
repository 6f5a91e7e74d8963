/**
 * Solicitations of the contracting officer's workspace: the inputs of the DFARS 204.7504 decision
 * (rules §8) and whether DFARS 252.204-7012 applies (then NIST SP 800-171 DoD Assessment checks).
 * The decision itself is pure and recomputed from the stored inputs, so it always shows the
 * paragraph it rests on.
 */
import { asc, eq, like, or, sql } from 'drizzle-orm';
import { offers, solicitations } from '../../db/schema.js';
import { decideApplicability, type ApplicabilityDecision } from '../domain/applicability.js';
import { requireReach, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { conflict, invalid, notFound } from './errors.js';
import type { SolicitationInput } from './inputs.js';
import { orderFor, pageOf, type ListQuery } from './list-query.js';

export type SolicitationRow = typeof solicitations.$inferSelect;
export interface Solicitation extends SolicitationRow {
  decision: ApplicabilityDecision;
}

/** Rules §9: contracting officers (and administrators standing in) run the officer workspace. */
export function assertOfficer(actor: Actor): void {
  requireReach(actor, 'officer.workspace', 'The officer workspace is for contracting officers');
}

export const applicabilityOf = (s: Pick<SolicitationRow, 'issueDate' | 'cotsOnly' | 'waiver' | 'programOfficeLevel' | 'information'>): ApplicabilityDecision =>
  decideApplicability({ issueDate: s.issueDate, cotsOnly: s.cotsOnly, waiver: s.waiver, programOfficeLevel: s.programOfficeLevel ?? null, information: s.information });

const withDecision = (row: SolicitationRow): Solicitation => ({ ...row, decision: applicabilityOf(row) });

function columns(input: SolicitationInput) {
  return {
    number: input.number,
    title: input.title,
    issueDate: input.issueDate,
    actionType: input.actionType,
    cotsOnly: input.cotsOnly,
    waiver: input.waiver,
    programOfficeLevel: input.programOfficeLevel ?? null,
    information: input.information,
    nistApplies: input.nistApplies,
    // A maximum age only means something when DFARS 252.204-7012 is included.
    nistMaxAgeDays: input.nistApplies ? (input.nistMaxAgeDays ?? null) : null,
    plannedAwardDate: input.plannedAwardDate ?? null,
  };
}

function validate(input: SolicitationInput): void {
  if (input.plannedAwardDate && input.plannedAwardDate < input.issueDate)
    throw invalid('The solicitation cannot be saved', [{ path: 'plannedAwardDate', message: 'The planned award date cannot be before the issue date' }]);
}

async function assertNumberFree(ctx: ServiceContext, number: string, exceptId?: number): Promise<void> {
  const [row] = await ctx.database.db.select({ id: solicitations.id }).from(solicitations).where(eq(solicitations.number, number));
  if (row && row.id !== exceptId) throw conflict(`Solicitation ${number} already exists`, [{ path: 'number', message: `Solicitation ${number} already exists` }]);
}

export async function createSolicitation(ctx: ServiceContext, actor: Actor, input: SolicitationInput): Promise<Solicitation> {
  assertOfficer(actor);
  validate(input);
  await assertNumberFree(ctx, input.number);
  const now = ctx.clock.now().toISOString();
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(solicitations)
      .values({ ...columns(input), createdBy: actor.id, createdAt: now, updatedAt: now })
      .returning();
    await appendAudit(tx, ctx.clock.now(), [{ userId: actor.id, action: 'solicitation.create', entity: 'solicitation', entityId: String(row.id), detail: columns(input) }]);
    return withDecision(row);
  });
}

/** Solicitations are working documents (not records): the officer may correct them until award. */
export async function updateSolicitation(ctx: ServiceContext, actor: Actor, id: number, input: SolicitationInput): Promise<Solicitation> {
  assertOfficer(actor);
  await getSolicitation(ctx, actor, id);
  validate(input);
  await assertNumberFree(ctx, input.number, id);
  const now = ctx.clock.now().toISOString();
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(solicitations)
      .set({ ...columns(input), updatedAt: now })
      .where(eq(solicitations.id, id))
      .returning();
    await appendAudit(tx, ctx.clock.now(), [{ userId: actor.id, action: 'solicitation.update', entity: 'solicitation', entityId: String(id), detail: columns(input) }]);
    return withDecision(row);
  });
}

export async function getSolicitation(ctx: ServiceContext, actor: Actor, id: number): Promise<Solicitation> {
  assertOfficer(actor);
  const [row] = Number.isSafeInteger(id) ? await ctx.database.db.select().from(solicitations).where(eq(solicitations.id, id)) : [];
  if (!row) throw notFound('No such solicitation');
  return withDecision(row);
}

export const SOLICITATION_SORTS = ['number', 'title', 'issueDate', 'createdAt'] as const;
export type SolicitationSort = (typeof SOLICITATION_SORTS)[number];

export async function listSolicitations(ctx: ServiceContext, actor: Actor, opts: ListQuery<SolicitationSort>): Promise<{ rows: (Solicitation & { offerCount: number })[]; total: number }> {
  assertOfficer(actor);
  const { db } = ctx.database;
  const col = { number: solicitations.number, title: solicitations.title, issueDate: solicitations.issueDate, createdAt: solicitations.createdAt }[opts.sort];
  const q = opts.q?.trim();
  const where = q ? or(like(solicitations.number, `%${q.toUpperCase()}%`), like(sql`lower(${solicitations.title})`, `%${q.toLowerCase()}%`)) : undefined;
  const offerCount = db.$count(offers, eq(offers.solicitationId, solicitations.id));
  const query = db.select({ s: solicitations, offerCount }).from(solicitations).$dynamic();
  const { rows, total: n } = await pageOf(db, solicitations, query, where, orderFor(col, opts.dir, asc(solicitations.id)), opts);
  return { rows: rows.map((r) => ({ ...withDecision(r.s), offerCount: Number(r.offerCount) })), total: n };
}
