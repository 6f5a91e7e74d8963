/**
 * What a company has issued: its attestations (what, to whom, valid until, status) and the issuer's
 * revocation (issue 12, issue 10). An attestation row is immutable, so a revocation is a row of its
 * own, written once (append-only, enforced by triggers); a revoked token no longer verifies, and a
 * prime's flowdown check refuses it.
 */
import { desc, eq, inArray, sql } from 'drizzle-orm';
import { attestationRevocations, attestations, users, type AttestationRow } from '../../db/schema.js';
import { dateInZone, type IsoDate } from '../domain/dates.js';
import { ownCompany, requireReach, type Actor } from './actor.js';
import type { AttestationClaims } from './attestations.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { conflict, notFound } from './errors.js';

export type AttestationState = 'VALID' | 'EXPIRED' | 'REVOKED';

export interface IssuedAttestationSummary {
  jti: string;
  issuedOn: IsoDate;
  validThrough: IsoDate;
  /** The prime's CAGE when the attestation is addressed to one. */
  audience: string | null;
  uids: string[];
  /** Ids of the company's own flowdown checks it shared in the attestation. */
  sharedCheckIds: string[];
  issuedBy: string;
  state: AttestationState;
  revocation: { revokedOn: IsoDate; revokedBy: string; reason: string } | null;
  /** The share id of the shareable link (null for attestations issued before links held the token). */
  shareId: string | null;
}

const REFUSAL = 'Attestations are issued and revoked by a contractor for its own company';

function summary(ctx: ServiceContext, row: AttestationRow, issuedBy: string, revocation: typeof attestationRevocations.$inferSelect | undefined): IssuedAttestationSummary {
  const claims = JSON.parse(row.claimsJson) as AttestationClaims;
  const today = ctx.clock.today();
  const revokedOn = revocation ? dateInZone(revocation.revokedAt, ctx.clock.zone) : null;
  return {
    jti: row.jti,
    issuedOn: claims.issuedOn,
    validThrough: claims.validThrough,
    audience: row.audience,
    uids: (claims.uids ?? []).map((u) => u.uid),
    sharedCheckIds: (claims.flowdownChecks ?? []).map((c) => c.id),
    issuedBy,
    // Validity is inclusive of its last day (rules §2), like the token's `exp`.
    state: revocation ? 'REVOKED' : claims.validThrough < today ? 'EXPIRED' : 'VALID',
    revocation: revocation && revokedOn ? { revokedOn, revokedBy: revocation.revokedByEmail, reason: revocation.reason } : null,
    shareId: row.shareId,
  };
}

async function summaries(ctx: ServiceContext, rows: AttestationRow[]): Promise<IssuedAttestationSummary[]> {
  if (!rows.length) return [];
  const { db } = ctx.database;
  const issuers = new Map(
    (await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, [...new Set(rows.map((r) => r.issuedBy))]))).map((u) => [u.id, u.email]),
  );
  const revocations = new Map(
    (await db.select().from(attestationRevocations).where(inArray(attestationRevocations.jti, rows.map((r) => r.jti)))).map((r) => [r.jti, r]),
  );
  return rows.map((r) => summary(ctx, r, issuers.get(r.issuedBy) ?? '', revocations.get(r.jti)));
}

/** The attestations the caller's company issued, newest first (issue order within the same instant). */
export async function listIssuedAttestations(ctx: ServiceContext, actor: Actor): Promise<IssuedAttestationSummary[]> {
  requireReach(actor, 'attestations.issue', REFUSAL);
  const hlo = ownCompany(actor, REFUSAL);
  const rows = await ctx.database.db.select().from(attestations).where(eq(attestations.companyHlo, hlo)).orderBy(desc(attestations.iat), desc(sql`rowid`));
  return summaries(ctx, rows);
}

/** One attestation the caller's company issued; another company's (or none) → 404. */
export async function getIssuedAttestation(ctx: ServiceContext, actor: Actor, jti: string): Promise<IssuedAttestationSummary> {
  requireReach(actor, 'attestations.issue', REFUSAL);
  const hlo = ownCompany(actor, REFUSAL);
  const [row] = await ctx.database.db.select().from(attestations).where(eq(attestations.jti, jti));
  if (!row || row.companyHlo !== hlo) throw notFound('No such attestation');
  return (await summaries(ctx, [row]))[0];
}

/**
 * Revokes an attestation the caller's company issued: from today it verifies `valid: false` with
 * ATTESTATION_REVOKED, and no flowdown check accepts it. Once only (a second revocation → 409).
 */
export async function revokeAttestation(ctx: ServiceContext, actor: Actor, jti: string, input: { reason: string }): Promise<IssuedAttestationSummary> {
  requireReach(actor, 'attestations.revoke', REFUSAL);
  const hlo = ownCompany(actor, REFUSAL);
  const { db } = ctx.database;
  const now = ctx.clock.now();
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ companyHlo: attestations.companyHlo }).from(attestations).where(eq(attestations.jti, jti));
    if (!row || row.companyHlo !== hlo) throw notFound('No such attestation');
    // The primary key keeps it to one revocation even when two arrive at once.
    const inserted = await tx
      .insert(attestationRevocations)
      .values({ jti, revokedAt: now.toISOString(), revokedBy: actor.id, revokedByEmail: actor.email, reason: input.reason })
      .onConflictDoNothing()
      .returning({ jti: attestationRevocations.jti });
    if (!inserted.length) throw conflict('This attestation has already been revoked', [{ path: 'jti', message: 'already revoked' }]);
    await appendAudit(tx, now, [{ userId: actor.id, action: 'attestation.revoke', entity: 'attestation', entityId: jti, detail: { company: hlo, reason: input.reason } }]);
  });
  return getIssuedAttestation(ctx, actor, jti);
}
