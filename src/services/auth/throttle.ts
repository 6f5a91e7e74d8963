/**
 * Sign-in throttle (issue 12, finding 5): failures are counted per account and per client address
 * in the database, so every instance sharing it sees the same counts and pauses.
 *
 * An attempt is charged before its password is checked, in one write transaction: a burst of
 * parallel guesses cannot all slip in before the first failure is written, since the attempt that
 * reaches the limit sets the pause for everyone after it. A success then refunds the charge. During
 * a pause nothing is checked at all (not even a right password), and a refused attempt is not
 * counted, so the pause ends when it says it will.
 */
import { and, eq, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import { signInThrottle } from '../../../db/schema.js';
import { pauseSeconds, THROTTLE, type ThrottlePolicy } from '../../domain/sign-in.js';
import type { ServiceContext } from '../context.js';

export interface ThrottleKeys {
  /** The e-mail as typed (trimmed, lower case), whether or not an account has it. */
  email: string;
  /** The client address (README "Sign-in and accounts": the socket's, or X-Forwarded-For's behind TRUST_PROXY). */
  address: string;
}

export type Admission =
  | { admitted: true; accountPausedUntil: Date | null; addressPausedUntil: Date | null; accountFailures: number }
  | { admitted: false; retryAfterSeconds: number };

const keysOf = (k: ThrottleKeys) => ({ account: `account:${k.email}`, address: `address:${k.address}` });
const POLICY: Record<'account' | 'address', ThrottlePolicy> = THROTTLE;

/** Charges one attempt to the account and the address, or refuses it while either is paused. */
export async function admitAttempt(ctx: ServiceContext, keys: ThrottleKeys): Promise<Admission> {
  const now = ctx.clock.now();
  const k = keysOf(keys);
  return ctx.database.db.transaction(async (tx) => {
    const rows = await tx.select().from(signInThrottle).where(inArray(signInThrottle.key, [k.account, k.address]));
    const row = (key: string) => rows.find((r) => r.key === key);
    const waits = rows.filter((r) => r.pausedUntil && new Date(r.pausedUntil) > now).map((r) => new Date(r.pausedUntil!).getTime() - now.getTime());
    if (waits.length) return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
    const charged: Record<'account' | 'address', { failures: number; pausedUntil: Date | null }> = { account: { failures: 0, pausedUntil: null }, address: { failures: 0, pausedUntil: null } };
    for (const kind of ['account', 'address'] as const) {
      const policy = POLICY[kind];
      const had = row(k[kind]);
      const fresh = had && now.getTime() - new Date(had.lastFailureAt).getTime() < policy.forgetAfterSeconds * 1000;
      const failures = fresh ? had.failures + 1 : 1;
      const pause = pauseSeconds(policy, failures);
      const pausedUntil = pause === null ? null : new Date(now.getTime() + pause * 1000);
      const values = { failures, lastFailureAt: now.toISOString(), pausedUntil: pausedUntil?.toISOString() ?? null };
      await tx.insert(signInThrottle).values({ key: k[kind], ...values }).onConflictDoUpdate({ target: signInThrottle.key, set: values });
      charged[kind] = { failures, pausedUntil };
    }
    return { admitted: true, accountPausedUntil: charged.account.pausedUntil, addressPausedUntil: charged.address.pausedUntil, accountFailures: charged.account.failures };
  });
}

/**
 * The attempt was right: the account starts again from zero; the address gets its charge back (a
 * success does not wipe an address's count, or one good account would launder guesses at others).
 */
export async function refundAttempt(ctx: ServiceContext, keys: ThrottleKeys): Promise<void> {
  const now = ctx.clock.now();
  const k = keysOf(keys);
  await ctx.database.db.transaction(async (tx) => {
    await tx.delete(signInThrottle).where(eq(signInThrottle.key, k.account));
    const [address] = await tx.select().from(signInThrottle).where(eq(signInThrottle.key, k.address));
    if (address) {
      const failures = Math.max(0, address.failures - 1);
      const stillPaused = pauseSeconds(POLICY.address, failures) !== null;
      await tx
        .update(signInThrottle)
        .set({ failures, pausedUntil: stillPaused ? address.pausedUntil : null })
        .where(eq(signInThrottle.key, k.address));
    }
    // Counts nobody added to for a day are forgotten anyway: drop them so the table stays small.
    const stale = new Date(now.getTime() - THROTTLE.account.forgetAfterSeconds * 1000).toISOString();
    await tx
      .delete(signInThrottle)
      .where(and(lt(signInThrottle.lastFailureAt, stale), or(isNull(signInThrottle.pausedUntil), lte(signInThrottle.pausedUntil, now.toISOString()))));
  });
}
