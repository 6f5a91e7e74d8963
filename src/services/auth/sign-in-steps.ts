/**
 * The steps after a right password (sign-in.ts has the order): prove a second factor, choose a new
 * password after an administrator's reset, or enrol a first second factor. Each takes the pending
 * sign-in it continues and answers with the next step or the session.
 */
import { eq } from 'drizzle-orm';
import { passkeys, pendingSignIns, users } from '../../../db/schema.js';
import { appendAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { hashPassword } from '../passwords.js';
import { newPasswordProblem } from './account.js';
import { holdsSecondFactor } from './factors.js';
import { checkPasskey, verifyNewPasskey, type RelyingParty } from './passkeys.js';
import { issueRecoveryCodes, spendRecoveryCode, unusedRecoveryCodes } from './recovery-codes.js';
import { advance, recordFailure, type Outcome, type PendingSignIn } from './sign-in.js';
import type { AuthSettings } from './settings.js';
import { admitAttempt, refundAttempt } from './throttle.js';
import { checkTotp, confirmTotp } from './totp.js';

export type ProofMethod = 'PASSKEY' | 'TOTP' | 'RECOVERY_CODE';

/** A step posted out of turn goes to the step the sign-in is really at. */
const elsewhere = (p: PendingSignIn): Outcome => ({ kind: 'continue', stage: p.stage });

/**
 * Second factor: a passkey's signature, an authenticator-app code or a recovery code. A wrong one is
 * a failed sign-in like a wrong password (same throttle, audit and notice), so six digits cannot be
 * tried at leisure.
 */
export async function proveSecondFactor(ctx: ServiceContext, settings: AuthSettings, rp: RelyingParty, p: PendingSignIn, method: ProofMethod, value: string, address: string): Promise<Outcome> {
  if (p.stage !== 'SECOND_FACTOR') return elsewhere(p);
  const keys = { email: p.user.email, address };
  const admission = await admitAttempt(ctx, keys);
  if (!admission.admitted) return { kind: 'paused', retryAfterSeconds: admission.retryAfterSeconds };
  const ok =
    method === 'TOTP'
      ? await checkTotp(ctx, p.user.id, value)
      : method === 'RECOVERY_CODE'
        ? await spendRecoveryCode(ctx, p.user.id, value)
        : await checkPasskey(ctx, rp, p.user.id, p.row.idHash, value);
  if (!ok) {
    await recordFailure(ctx, settings, p.user, admission, 'SECOND_FACTOR', address);
    return { kind: 'refused' };
  }
  await refundAttempt(ctx, keys);
  const now = ctx.clock.now();
  const left = method === 'RECOVERY_CODE' ? await unusedRecoveryCodes(ctx.database.db, p.user.id) : null;
  await ctx.database.db.transaction(async (tx) => {
    await tx.update(pendingSignIns).set({ secondFactor: method }).where(eq(pendingSignIns.idHash, p.row.idHash));
    if (method === 'RECOVERY_CODE') {
      await appendAudit(tx, now, [{ userId: p.user.id, action: 'user.recovery_code_used', entity: 'user', entityId: String(p.user.id), detail: { left } }]);
    }
  });
  return advance(ctx, settings, p.user, { ...p.row, secondFactor: method }, address);
}

/** A new password after an administrator's reset (the temporary one may not be kept). */
export async function chooseNewPassword(ctx: ServiceContext, settings: AuthSettings, p: PendingSignIn, password: string, address: string): Promise<Outcome> {
  if (p.stage !== 'NEW_PASSWORD') return elsewhere(p);
  const problem = await newPasswordProblem(p.user, holdsSecondFactor(p.factors), password);
  if (problem) throw invalid(problem, [{ path: 'password', message: problem }]);
  const passwordHash = await hashPassword(password, ctx.passwordHashN);
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, p.user.id));
    await appendAudit(tx, now, [{ userId: p.user.id, action: 'user.password_changed', entity: 'user', entityId: String(p.user.id), detail: { after: 'reset' } }]);
  });
  return advance(ctx, settings, { ...p.user, passwordHash, mustChangePassword: false }, p.row, address);
}

export type EnrolMethod = 'PASSKEY' | 'TOTP';

/**
 * A first second factor, during sign-in: the new passkey's registration or the app's first code
 * proves possession, so it also counts as this sign-in's second factor. Recovery codes are issued
 * with it and returned once.
 */
export async function enrolInSignIn(
  ctx: ServiceContext,
  settings: AuthSettings,
  rp: RelyingParty,
  p: PendingSignIn,
  method: EnrolMethod,
  value: string,
  passkeyName: string,
  address: string,
): Promise<Outcome> {
  if (p.stage !== 'ENROL') return elsewhere(p);
  const now = ctx.clock.now();
  const passkey = method === 'PASSKEY' ? await verifyNewPasskey(ctx, rp, p.user.id, p.row.idHash, value, passkeyName) : null;
  if (method === 'PASSKEY' && !passkey) return { kind: 'refused' };
  const codes = await ctx.database.db.transaction(async (tx) => {
    if (passkey) await tx.insert(passkeys).values(passkey);
    else if (!(await confirmTotp(tx, p.user.id, value, now))) return null;
    await tx.update(pendingSignIns).set({ secondFactor: method }).where(eq(pendingSignIns.idHash, p.row.idHash));
    await appendAudit(tx, now, [{ userId: p.user.id, action: 'user.second_factor_added', entity: 'user', entityId: String(p.user.id), detail: { method } }]);
    return issueRecoveryCodes(tx, p.user.id, now);
  });
  if (!codes) return { kind: 'refused' };
  const outcome = await advance(ctx, settings, p.user, { ...p.row, secondFactor: method }, address);
  return outcome.kind === 'signed-in' ? { ...outcome, recoveryCodes: codes } : outcome;
}
