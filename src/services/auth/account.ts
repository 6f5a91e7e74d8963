/**
 * A signed-in user's own sign-in settings (the account page): change the password, add or remove a
 * passkey or an authenticator app, get new recovery codes. Contractors choose a second factor here;
 * a role that needs one cannot remove its last.
 */
import { and, eq, ne } from 'drizzle-orm';
import { passkeys, recoveryCodes, sessions, users } from '../../../db/schema.js';
import type { Db } from '../../../db/client.js';
import { needsSecondFactor, type AccountSecurity } from '../../domain/sign-in.js';
import type { Actor } from '../actor.js';
import { appendAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { conflict, invalid, notFound } from '../errors.js';
import { hashPassword, passwordProblem, verifyPassword } from '../passwords.js';
import { hashToken } from '../users.js';
import { factorsOf, holdsSecondFactor } from './factors.js';
import { listPasskeys, verifyNewPasskey, type RelyingParty } from './passkeys.js';
import { issueRecoveryCodes } from './recovery-codes.js';
import { recordFailure } from './sign-in.js';
import type { AuthSettings } from './settings.js';
import { admitAttempt, refundAttempt } from './throttle.js';
import { confirmTotp, removeTotp } from './totp.js';

type UserRow = typeof users.$inferSelect;
type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;

/** Why this new password may not be chosen (the rules of passwords.ts, and not the one in use), or null. */
export async function newPasswordProblem(user: Pick<UserRow, 'role' | 'email' | 'name' | 'passwordHash'>, holdsFactor: boolean, password: string): Promise<string | null> {
  const problem = await passwordProblem(password, { withSecondFactor: holdsFactor || needsSecondFactor(user.role), userInputs: [user.email, user.name] });
  if (problem) return problem;
  if (user.passwordHash && (await verifyPassword(password, user.passwordHash))) return 'Password must differ from the one you have now';
  return null;
}

async function userOf(ctx: ServiceContext, actor: Actor): Promise<UserRow> {
  const [row] = await ctx.database.db.select().from(users).where(eq(users.id, actor.id));
  if (!row) throw notFound('No such account');
  return row;
}

export async function accountSecurity(ctx: ServiceContext, actor: Actor): Promise<AccountSecurity> {
  const user = await userOf(ctx, actor);
  const factors = await factorsOf(ctx.database.db, actor.id);
  return {
    needsSecondFactor: needsSecondFactor(user.role),
    hasPassword: !!user.passwordHash,
    passkeys: await listPasskeys(ctx.database.db, actor.id),
    totp: factors.totp,
    recoveryCodes: factors.recoveryCodes,
  };
}

/** Changes the password; the account's other sessions end (the one making the change stays). */
export async function changePassword(
  ctx: ServiceContext,
  settings: AuthSettings,
  actor: Actor,
  input: { current: string; password: string },
  keep: { sessionId: string; address: string },
): Promise<void> {
  const user = await userOf(ctx, actor);
  // The current password is a guess like any other (a borrowed session must not try passwords freely).
  const keys = { email: user.email, address: keep.address };
  const admission = await admitAttempt(ctx, keys);
  if (!admission.admitted) throw conflict(`Too many failed attempts: try again in ${Math.ceil(admission.retryAfterSeconds / 60)} minute(s)`, [{ path: 'current', message: 'Try again later' }]);
  if (!(await verifyPassword(input.current, user.passwordHash))) {
    await recordFailure(ctx, settings, user, admission, 'PASSWORD', keep.address);
    throw invalid('Current password is not right', [{ path: 'current', message: 'Current password is not right' }]);
  }
  await refundAttempt(ctx, keys);
  const problem = await newPasswordProblem(user, holdsSecondFactor(await factorsOf(ctx.database.db, user.id)), input.password);
  if (problem) throw invalid(problem, [{ path: 'password', message: problem }]);
  const passwordHash = await hashPassword(input.password, ctx.passwordHashN);
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.idHash, hashToken(keep.sessionId))));
    await appendAudit(tx, now, [{ userId: user.id, action: 'user.password_changed', entity: 'user', entityId: String(user.id), detail: { after: 'choice' } }]);
  });
}

/** Writes a factor just proven; recovery codes come with the account's first one (returned once), else null. */
async function addFactor(ctx: ServiceContext, actor: Actor, method: 'PASSKEY' | 'TOTP', write: (tx: Tx) => Promise<boolean>): Promise<string[] | null> {
  const first = !holdsSecondFactor(await factorsOf(ctx.database.db, actor.id));
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    if (!(await write(tx))) {
      throw invalid(
        method === 'TOTP' ? 'That code does not match: check the time on your phone and type the code now showing' : 'The passkey was not added: your browser or key did not complete the request',
        [{ path: method === 'TOTP' ? 'code' : '_form', message: method === 'TOTP' ? 'That code does not match' : 'The passkey was not added' }],
      );
    }
    await appendAudit(tx, now, [{ userId: actor.id, action: 'user.second_factor_added', entity: 'user', entityId: String(actor.id), detail: { method } }]);
    return first ? issueRecoveryCodes(tx, actor.id, now) : null;
  });
}

export async function addPasskey(ctx: ServiceContext, rp: RelyingParty, actor: Actor, sessionId: string, posted: string, name: string): Promise<string[] | null> {
  const passkey = await verifyNewPasskey(ctx, rp, actor.id, hashToken(sessionId), posted, name);
  return addFactor(ctx, actor, 'PASSKEY', async (tx) => {
    if (!passkey) return false;
    await tx.insert(passkeys).values(passkey);
    return true;
  });
}

export const confirmAuthenticatorApp = (ctx: ServiceContext, actor: Actor, code: string): Promise<string[] | null> =>
  addFactor(ctx, actor, 'TOTP', (tx) => confirmTotp(tx, actor.id, code, ctx.clock.now()));

/** Removes a passkey or the authenticator app; never the last factor of a role that needs one. */
export async function removeFactor(ctx: ServiceContext, actor: Actor, which: { passkeyId: string } | 'TOTP'): Promise<void> {
  const user = await userOf(ctx, actor);
  const factors = await factorsOf(ctx.database.db, user.id);
  const held = which === 'TOTP' ? factors.totp : (await listPasskeys(ctx.database.db, user.id)).some((p) => p.id === which.passkeyId);
  if (!held) throw notFound(which === 'TOTP' ? 'No authenticator app is set up' : 'No such passkey on your account');
  const left = factors.passkeys + (factors.totp ? 1 : 0) - 1;
  if (left === 0 && needsSecondFactor(user.role)) throw conflict('Your role signs in with a second factor: add another passkey or an authenticator app before removing this one');
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    if (which === 'TOTP') await removeTotp(tx, user.id);
    else await tx.delete(passkeys).where(and(eq(passkeys.id, which.passkeyId), eq(passkeys.userId, user.id)));
    // Without a second factor, recovery codes would be a way around nothing.
    if (left === 0) await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await appendAudit(tx, now, [{ userId: user.id, action: 'user.second_factor_removed', entity: 'user', entityId: String(user.id), detail: { method: which === 'TOTP' ? 'TOTP' : 'PASSKEY' } }]);
  });
}

/** New recovery codes; the old ones stop working. */
export async function newRecoveryCodes(ctx: ServiceContext, actor: Actor): Promise<string[]> {
  if (!holdsSecondFactor(await factorsOf(ctx.database.db, actor.id))) throw conflict('Recovery codes come with a second factor: add a passkey or an authenticator app first');
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const codes = await issueRecoveryCodes(tx, actor.id, now);
    await appendAudit(tx, now, [{ userId: actor.id, action: 'user.recovery_codes_issued', entity: 'user', entityId: String(actor.id) }]);
    return codes;
  });
}
