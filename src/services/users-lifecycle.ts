/**
 * An administrator's care of accounts after creating them (issue 10): change role, company and
 * name; disable and enable; reset the password (the user chooses a new one at the next sign-in);
 * reset the second factor (the user enrols again). Each is in the audit log. An administrator does
 * none of this to their own account (another administrator must), so at least one administrator
 * always keeps access.
 */
import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { apiTokens, companies, pendingSignIns, users } from '../../db/schema.js';
import { ROLES } from '../domain/levels.js';
import { bindsToCompany, may } from '../domain/permissions.js';
import { needsSecondFactor, type AccountDetail } from '../domain/sign-in.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit.js';
import { factorsOf, removeAllFactors } from './auth/factors.js';
import { listPasskeys } from './auth/passkeys.js';
import type { ServiceContext } from './context.js';
import { conflict, forbidden, invalid, notFound } from './errors.js';
import { cageField } from './inputs.js';
import { hashPassword } from './passwords.js';
import { endSessionsOf } from './sessions.js';
import { forgetApiTokens } from './users.js';

export const AccountEditInput = z.strictObject({
  role: z.enum(ROLES, { error: 'Choose a role' }),
  companyCage: cageField.nullish(),
  name: z.string().trim().max(200, 'Name must be at most 200 characters').nullish(),
});
export type AccountEdit = z.output<typeof AccountEditInput>;

type UserRow = typeof users.$inferSelect;

function assertAdmin(actor: Actor): void {
  // The page is behind requireUser('accounts.manage'); the service keeps the same rule for any caller.
  if (!may(actor.role, 'accounts.manage')) throw forbidden('Only administrators manage accounts');
}

async function accountRow(ctx: ServiceContext, actor: Actor, id: number): Promise<UserRow> {
  assertAdmin(actor);
  const [row] = await ctx.database.db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound(`No account with id ${id}`);
  return row;
}

function notOwn(actor: Actor, row: UserRow, what: string): void {
  if (actor.id === row.id) throw conflict(`You cannot ${what} your own account; another administrator must`);
}

export async function getAccount(ctx: ServiceContext, actor: Actor, id: number): Promise<AccountDetail> {
  const row = await accountRow(ctx, actor, id);
  const { db } = ctx.database;
  const [{ n }] = await db.select({ n: count() }).from(apiTokens).where(eq(apiTokens.userId, id));
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    companyCage: row.companyCage,
    disabled: row.disabled,
    demo: row.demo,
    mustChangePassword: row.mustChangePassword,
    apiOnly: !row.passwordHash,
    apiTokens: n,
    createdAt: row.createdAt,
    needsSecondFactor: needsSecondFactor(row.role),
    factors: await factorsOf(db, id),
    passkeyNames: (await listPasskeys(db, id)).map((p) => p.name),
  };
}

/** Role, company and name. A new role takes effect at once: the account's sessions end, so it signs in again under the new role's rules. */
export async function updateAccount(ctx: ServiceContext, actor: Actor, id: number, input: AccountEdit): Promise<void> {
  const row = await accountRow(ctx, actor, id);
  if (input.role !== row.role) notOwn(actor, row, 'change the role of');
  const companyCage = input.companyCage ?? null;
  if (bindsToCompany(input.role) && !companyCage) throw invalid('A contractor account needs the CAGE of its company', [{ path: 'companyCage', message: 'Company CAGE is required for a contractor' }]);
  const { db } = ctx.database;
  if (companyCage) {
    const [c] = await db.select({ cage: companies.cage }).from(companies).where(eq(companies.cage, companyCage));
    if (!c) throw invalid('Unknown company', [{ path: 'companyCage', message: `No company has CAGE ${companyCage}` }]);
  }
  const after = { role: input.role, companyCage, name: input.name || null };
  const before = { role: row.role, companyCage: row.companyCage, name: row.name };
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const now = ctx.clock.now();
  await db.transaction(async (tx) => {
    await tx.update(users).set(after).where(eq(users.id, id));
    if (before.role !== after.role || before.companyCage !== after.companyCage) {
      await endSessionsOf(tx, id);
      await tx.delete(pendingSignIns).where(eq(pendingSignIns.userId, id));
    }
    await appendAudit(tx, now, [{ userId: actor.id, action: 'user.update', entity: 'user', entityId: String(id), detail: { before, after } }]);
  });
  forgetApiTokens(db);
}

/** A disabled account cannot sign in, its sessions end, and its API tokens stop working (users.ts). */
export async function setAccountDisabled(ctx: ServiceContext, actor: Actor, id: number, disabled: boolean): Promise<void> {
  const row = await accountRow(ctx, actor, id);
  notOwn(actor, row, disabled ? 'disable' : 'enable');
  if (row.disabled === disabled) return;
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    await tx.update(users).set({ disabled }).where(eq(users.id, id));
    if (disabled) {
      await endSessionsOf(tx, id);
      await tx.delete(pendingSignIns).where(eq(pendingSignIns.userId, id));
    }
    await appendAudit(tx, now, [{ userId: actor.id, action: disabled ? 'user.disable' : 'user.enable', entity: 'user', entityId: String(id) }]);
  });
  forgetApiTokens(ctx.database.db);
}

// Crockford's base32 without I, L, O, U: read aloud or copied by hand without mistakes.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 20 random characters (100 bits) in groups of five. */
const temporaryPassword = (): string =>
  Array.from(randomBytes(20), (b) => ALPHABET[b & 31])
    .join('')
    .replace(/(.{5})(?!$)/g, '$1-');

/**
 * A temporary password, shown once to the administrator to hand over; the user must choose a new
 * one at the next sign-in (second factor first, if the account has one). Sessions end at once.
 */
export async function resetPassword(ctx: ServiceContext, actor: Actor, id: number): Promise<string> {
  const row = await accountRow(ctx, actor, id);
  notOwn(actor, row, 'reset the password of');
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password, ctx.passwordHashN);
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, id));
    await endSessionsOf(tx, id);
    await tx.delete(pendingSignIns).where(eq(pendingSignIns.userId, id));
    await appendAudit(tx, now, [{ userId: actor.id, action: 'user.password_reset', entity: 'user', entityId: String(id), detail: { hadPassword: !!row.passwordHash } }]);
  });
  return password;
}

/** Removes the account's passkeys, authenticator app and recovery codes (a lost phone or key); it enrols again at the next sign-in. */
export async function resetSecondFactor(ctx: ServiceContext, actor: Actor, id: number): Promise<void> {
  const row = await accountRow(ctx, actor, id);
  notOwn(actor, row, 'reset the second factor of');
  const now = ctx.clock.now();
  const before = await factorsOf(ctx.database.db, id);
  await ctx.database.db.transaction(async (tx) => {
    await removeAllFactors(tx, id);
    await endSessionsOf(tx, id);
    await appendAudit(tx, now, [{ userId: actor.id, action: 'user.second_factor_reset', entity: 'user', entityId: String(id), detail: { passkeys: before.passkeys, totp: before.totp } }]);
  });
}

/** Whether any enabled demo account exists (the demo banner shows while one does). */
export async function demoAccountsPresent(ctx: ServiceContext): Promise<boolean> {
  const [row] = await ctx.database.db.select({ id: users.id }).from(users).where(and(eq(users.demo, true), eq(users.disabled, false))).limit(1);
  return !!row;
}
