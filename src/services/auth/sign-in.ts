/**
 * Signing in, as steps (issue 12, findings 5–7). The password comes first, throttled per account and
 * per address (throttle.ts). A right password then leads, in this order, to whatever the account
 * still needs before it may have a session:
 *
 *   1. SECOND_FACTOR — the account holds a passkey or an authenticator app: prove it (or spend a
 *      recovery code). Checked before a new password, so a leaked temporary password is not enough.
 *   2. NEW_PASSWORD  — an administrator reset the password: choose a new one.
 *   3. ENROL         — the role needs a second factor (administrators, contracting officers,
 *      assessors) and the account has none: add one now. Seeded demo accounts skip this in demo
 *      mode only, so the quick start stays one step.
 *
 * Between steps the browser holds a pending sign-in (not a session: it opens no page but these
 * steps). Every success and failure is in the audit log, without the password or any code.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { pendingSignIns, users, type PendingSignInRow } from '../../../db/schema.js';
import type { Db } from '../../../db/client.js';
import { needsSecondFactor, safeNextPath, type Factors, type SecondFactor } from '../../domain/sign-in.js';
import { appendAudit, type AuditEntry } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { unmatchableHash, verifyPassword } from '../passwords.js';
import { startSession } from '../sessions.js';
import { hashToken } from '../users.js';
import { factorsOf, holdsSecondFactor } from './factors.js';
import { writeLockoutNotice } from './lockout-notice.js';
import type { AuthSettings } from './settings.js';
import { admitAttempt, refundAttempt, type Admission } from './throttle.js';

export type Stage = 'SECOND_FACTOR' | 'NEW_PASSWORD' | 'ENROL';

export type Outcome =
  | { kind: 'paused'; retryAfterSeconds: number }
  | { kind: 'refused' }
  | { kind: 'disabled' }
  /** `pendingId` is set when a pending sign-in was just opened (the browser gets its cookie). */
  | { kind: 'continue'; pendingId?: string; stage: Stage }
  | { kind: 'signed-in'; sessionId: string; next: string; recoveryCodes?: string[] };

/** A pending sign-in lasts long enough to fetch a phone, not a working day. */
const PENDING_MINUTES = 15;


type UserRow = typeof users.$inferSelect;

export function stageOf(user: Pick<UserRow, 'role' | 'demo' | 'mustChangePassword'>, factors: Factors, verified: SecondFactor | null, demoMode: boolean): Stage | null {
  if (holdsSecondFactor(factors) && !verified) return 'SECOND_FACTOR';
  if (user.mustChangePassword) return 'NEW_PASSWORD';
  if (needsSecondFactor(user.role) && !holdsSecondFactor(factors) && !(user.demo && demoMode)) return 'ENROL';
  return null;
}

/** Records a failed attempt; when it started a pause of the account, also the notice to its holder. */
export async function recordFailure(
  ctx: ServiceContext,
  settings: AuthSettings,
  user: Pick<UserRow, 'id' | 'email'> | null,
  admission: Extract<Admission, { admitted: true }>,
  reason: 'PASSWORD' | 'UNKNOWN_ACCOUNT' | 'SECOND_FACTOR',
  address: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    const entries: AuditEntry[] = [{ userId: null, action: 'session.sign_in_failed', entity: 'user', entityId: user ? String(user.id) : null, detail: { reason, address } }];
    const paused = admission.accountPausedUntil;
    if (user && paused) {
      entries.push({ userId: null, action: 'session.sign_in_paused', entity: 'user', entityId: String(user.id), detail: { failures: admission.accountFailures, pausedUntil: paused.toISOString(), address } });
      await writeLockoutNotice(tx, settings, { userId: user.id, email: user.email, today: ctx.clock.today(), failures: admission.accountFailures, pausedUntil: paused, address }, now);
    }
    await appendAudit(tx, now, entries);
  });
}

/** Opens the session once no step is left (deleting the pending sign-in, if any). */
async function complete(ctx: ServiceContext, user: UserRow, factor: SecondFactor | null, next: string, address: string, pending: PendingSignInRow | null): Promise<Outcome> {
  const now = ctx.clock.now();
  const sessionId = await ctx.database.db.transaction(async (tx) => {
    if (pending) await tx.delete(pendingSignIns).where(eq(pendingSignIns.idHash, pending.idHash));
    const id = await startSession(tx, user.id, factor, now);
    await appendAudit(tx, now, [{ userId: user.id, action: 'session.sign_in', entity: 'user', entityId: String(user.id), detail: { secondFactor: factor, address } }]);
    return id;
  });
  return { kind: 'signed-in', sessionId, next };
}

/** The session's second-factor mark when none was verified: DEMO for a demo account that skipped enrolment. */
const unverifiedMark = (user: UserRow, factors: Factors, demoMode: boolean): SecondFactor | null =>
  user.demo && demoMode && needsSecondFactor(user.role) && !holdsSecondFactor(factors) ? 'DEMO' : null;

/** After a step: the next one (the pending sign-in stays), or the session. */
export async function advance(ctx: ServiceContext, settings: AuthSettings, user: UserRow, pending: PendingSignInRow, address: string): Promise<Outcome> {
  const factors = await factorsOf(ctx.database.db, user.id);
  const stage = stageOf(user, factors, pending.secondFactor, settings.demoMode);
  if (stage) return { kind: 'continue', stage };
  return complete(ctx, user, pending.secondFactor ?? unverifiedMark(user, factors, settings.demoMode), pending.next, address, pending);
}

export interface PasswordAttempt {
  email: string;
  password: string;
  next?: string | null;
  /** The client address (for the throttle and the audit log). */
  address: string;
}

export async function signInWithPassword(ctx: ServiceContext, settings: AuthSettings, attempt: PasswordAttempt): Promise<Outcome> {
  const { db } = ctx.database;
  const email = attempt.email.trim().toLowerCase();
  const keys = { email, address: attempt.address };
  const admission = await admitAttempt(ctx, keys);
  if (!admission.admitted) return { kind: 'paused', retryAfterSeconds: admission.retryAfterSeconds };
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(attempt.password, user?.passwordHash ?? unmatchableHash(ctx.passwordHashN));
  if (!user || !ok) {
    await recordFailure(ctx, settings, user ?? null, admission, user ? 'PASSWORD' : 'UNKNOWN_ACCOUNT', attempt.address);
    return { kind: 'refused' };
  }
  await refundAttempt(ctx, keys);
  if (user.disabled) {
    await db.transaction((tx) =>
      appendAudit(tx, ctx.clock.now(), [{ userId: null, action: 'session.sign_in_refused', entity: 'user', entityId: String(user.id), detail: { reason: 'DISABLED', address: attempt.address } }]),
    );
    return { kind: 'disabled' };
  }
  const next = safeNextPath(attempt.next);
  const factors = await factorsOf(db, user.id);
  const stage = stageOf(user, factors, null, settings.demoMode);
  if (!stage) return complete(ctx, user, unverifiedMark(user, factors, settings.demoMode), next, attempt.address, null);
  const pendingId = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await db.insert(pendingSignIns).values({
    idHash: hashToken(pendingId),
    userId: user.id,
    csrfToken: randomBytes(24).toString('base64url'),
    next,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + PENDING_MINUTES * 60_000).toISOString(),
  });
  return { kind: 'continue', pendingId, stage };
}

export interface PendingSignIn {
  row: PendingSignInRow;
  user: UserRow;
  factors: Factors;
  stage: Stage;
}

/** The pending sign-in behind a cookie, with the step it is at; null when unknown, expired, or the account was disabled meanwhile. */
export async function pendingSignIn(ctx: ServiceContext, settings: AuthSettings, pendingId: string): Promise<PendingSignIn | null> {
  const { db } = ctx.database;
  const [found] = await db
    .select({ row: pendingSignIns, user: users })
    .from(pendingSignIns)
    .innerJoin(users, eq(users.id, pendingSignIns.userId))
    .where(and(eq(pendingSignIns.idHash, hashToken(pendingId)), gt(pendingSignIns.expiresAt, ctx.clock.now().toISOString())));
  if (!found || found.user.disabled) return null;
  const factors = await factorsOf(db, found.user.id);
  const stage = stageOf(found.user, factors, found.row.secondFactor, settings.demoMode);
  // Nothing left to do (e.g. an administrator reset the factors meanwhile): start again from the password.
  return stage ? { row: found.row, user: found.user, factors, stage } : null;
}

export async function abandonPendingSignIn(db: Db, pendingId: string): Promise<void> {
  await db.delete(pendingSignIns).where(eq(pendingSignIns.idHash, hashToken(pendingId)));
}
