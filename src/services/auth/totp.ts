/**
 * Authenticator-app codes (TOTP, RFC 6238, with otplib): six digits every 30 seconds, SHA-1, the
 * defaults every authenticator app reads. The code is checked against the clock's instant, one step
 * either side for clock drift, and a code (its time step) is accepted only once.
 */
import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import { totpSecrets } from '../../../db/schema.js';
import type { Db } from '../../../db/client.js';
import type { ServiceContext } from '../context.js';
import { conflict } from '../errors.js';

const ISSUER = 'AwardGate';
/** One 30-second step either side of now, in seconds (RFC 6238 §5.2 recommends at most one). */
const DRIFT_SECONDS = 30;

export interface TotpSetup {
  /** Base32, grouped by four for typing into an app. */
  secret: string;
  /** otpauth:// URI (RFC-style key URI most authenticator apps open). */
  uri: string;
}

export const groupSecret = (secret: string): string => secret.replace(/(.{4})/g, '$1 ').trim();
export const ungroupCode = (code: string): string => code.replace(/[\s-]/g, '');

/** The secret being set up for this account (a new one unless one is already waiting for its first code). */
export async function beginTotpSetup(ctx: ServiceContext, userId: number, email: string): Promise<TotpSetup> {
  const { db } = ctx.database;
  const [had] = await db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId));
  let secret = had && !had.confirmedAt ? had.secret : null;
  if (!secret) {
    if (had) throw conflict('An authenticator app is already set up for this account; remove it before setting up another');
    secret = generateSecret();
    await db.insert(totpSecrets).values({ userId, secret, createdAt: ctx.clock.now().toISOString() }).onConflictDoNothing();
    // Another tab may have started first: use whichever secret was stored.
    const [row] = await db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId));
    secret = row.secret;
  }
  return { secret, uri: generateURI({ issuer: ISSUER, label: email, secret }) };
}

async function matchingStep(secret: string, code: string, now: Date, after: number | null): Promise<number | null> {
  const token = ungroupCode(code);
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({ secret, token, epoch: Math.floor(now.getTime() / 1000), epochTolerance: DRIFT_SECONDS, ...(after === null ? {} : { afterTimeStep: after }) });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Confirms the app being set up with its first code; true when the code matched. */
export async function confirmTotp(tx: Pick<Db, 'select' | 'update'>, userId: number, code: string, now: Date): Promise<boolean> {
  const [row] = await tx.select().from(totpSecrets).where(and(eq(totpSecrets.userId, userId), isNull(totpSecrets.confirmedAt)));
  if (!row) return false;
  const step = await matchingStep(row.secret, code, now, null);
  if (step === null) return false;
  await tx.update(totpSecrets).set({ confirmedAt: now.toISOString(), lastTimeStep: step }).where(eq(totpSecrets.userId, userId));
  return true;
}

/**
 * Checks a sign-in code. The step is recorded with a conditional update, so of two requests carrying
 * the same code (or an older one) only the first is accepted, on whichever instance they land.
 */
export async function checkTotp(ctx: ServiceContext, userId: number, code: string): Promise<boolean> {
  const { db } = ctx.database;
  const [row] = await db.select().from(totpSecrets).where(and(eq(totpSecrets.userId, userId), isNotNull(totpSecrets.confirmedAt)));
  if (!row) return false;
  const step = await matchingStep(row.secret, code, ctx.clock.now(), row.lastTimeStep);
  if (step === null) return false;
  const taken = await db
    .update(totpSecrets)
    .set({ lastTimeStep: step })
    .where(and(eq(totpSecrets.userId, userId), or(isNull(totpSecrets.lastTimeStep), lt(totpSecrets.lastTimeStep, step))))
    .returning({ userId: totpSecrets.userId });
  return taken.length === 1;
}

export async function removeTotp(tx: Pick<Db, 'delete'>, userId: number): Promise<void> {
  await tx.delete(totpSecrets).where(eq(totpSecrets.userId, userId));
}
