/** Accounts, roles and API tokens (api.md `POST /api/v1/users`). */
import { createHash, randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { apiTokens, companies, users } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import type { Role } from '../domain/levels.js';
import { dateInZone } from '../domain/dates.js';
import { bindsToCompany } from '../domain/permissions.js';
import { needsSecondFactor } from '../domain/sign-in.js';
import { requireReach, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { conflict, invalid } from './errors.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { orderFor, pageOf, type ListQuery } from './list-query.js';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newApiToken = (): string => `ag_${randomBytes(32).toString('base64url')}`;

export interface NewUser {
  email: string;
  role: Role;
  companyCage?: string | null;
  name?: string | null;
  password?: string | null;
  /** A seeded demo account (seeds/demo.ts only; the API and pages never set it). */
  demo?: boolean;
}

export interface CreatedUser {
  id: number;
  email: string;
  role: Role;
  companyCage: string | null;
  apiToken: string;
}

async function actorFromRow(db: Db, row: typeof users.$inferSelect): Promise<Actor> {
  let companyHlo: string | null = null;
  if (row.companyCage) {
    const [c] = await db.select({ hlo: companies.hloCage }).from(companies).where(eq(companies.cage, row.companyCage));
    companyHlo = c?.hlo ?? row.companyCage;
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role, companyHlo, companyCage: row.companyCage };
}

export async function actorForUserId(db: Db, id: number): Promise<Actor | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row && !row.disabled ? actorFromRow(db, row) : null;
}

/**
 * How long a resolved bearer token is trusted without asking the database again (decision 0015):
 * an API client sends the same token with every check, and its lookup costs about as much as the
 * check's own statement. A change made through this instance forgets the cache at once; one made
 * through another instance (or by hand in the database) takes effect within this time. The company
 * HLO of a contractor is still read per request (an import may move a CAGE to another HLO).
 */
export const TOKEN_CACHE_MS = 5000;
const TOKEN_CACHE_MAX = 10_000;
type UserRow = typeof users.$inferSelect;
// Per database, never module-wide: two apps in one process (tests, tools) share nothing.
const tokenCaches = new WeakMap<Db, Map<string, { user: UserRow; until: number }>>();

/** Forgets every cached token of this database (an account was disabled, or its role or company changed). */
export function forgetApiTokens(db: Db): void {
  tokenCaches.get(db)?.clear();
}

/** Resolves a bearer token to its account, or null (unknown tokens are never cached). */
export async function actorForApiToken(db: Db, token: string): Promise<Actor | null> {
  const hash = hashToken(token);
  let cache = tokenCaches.get(db);
  if (!cache) tokenCaches.set(db, (cache = new Map()));
  const now = performance.now();
  const hit = cache.get(hash);
  let user = hit && hit.until > now ? hit.user : null;
  if (!user) {
    const [row] = await db.select({ user: users }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.tokenHash, hash));
    user = row?.user ?? null;
    if (!user) cache.delete(hash);
    else {
      if (cache.size >= TOKEN_CACHE_MAX) cache.clear();
      cache.set(hash, { user, until: now + TOKEN_CACHE_MS });
    }
  }
  return user && !user.disabled ? actorFromRow(db, user) : null;
}

export async function createUser(ctx: ServiceContext, actor: Actor | null, input: NewUser): Promise<CreatedUser> {
  if (actor) requireReach(actor, 'accounts.manage', 'Only administrators manage accounts');
  const { db } = ctx.database;
  const email = input.email.trim().toLowerCase();
  if (bindsToCompany(input.role) && !input.companyCage) {
    throw invalid('A contractor account needs the CAGE of its company', [{ path: 'companyCage', message: 'required for a CONTRACTOR' }]);
  }
  if (input.companyCage) {
    const [c] = await db.select({ cage: companies.cage }).from(companies).where(eq(companies.cage, input.companyCage));
    if (!c) throw invalid('Unknown company', [{ path: 'companyCage', message: `no company with CAGE ${input.companyCage}` }]);
  }
  if (input.password) {
    // A role that signs in with a second factor may have a shorter password (NIST SP 800-63B).
    const problem = await passwordProblem(input.password, { withSecondFactor: needsSecondFactor(input.role), userInputs: [email, input.name] });
    if (problem) throw invalid(problem, [{ path: 'password', message: problem }]);
  }
  const passwordHash = input.password ? await hashPassword(input.password, ctx.passwordHashN) : null;
  const apiToken = newApiToken();
  const now = ctx.clock.now();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw conflict(`An account for ${email} already exists`, [{ path: 'email', message: 'already registered' }]);
    const [row] = await tx
      .insert(users)
      .values({
        email,
        name: input.name ?? null,
        role: input.role,
        companyCage: input.companyCage ?? null,
        passwordHash,
        demo: input.demo ?? false,
        createdAt: now.toISOString(),
      })
      .returning();
    await tx.insert(apiTokens).values({ userId: row.id, tokenHash: hashToken(apiToken), label: 'initial', createdAt: now.toISOString() });
    await appendAudit(tx, now, [{ userId: actor?.id ?? null, action: 'user.create', entity: 'user', entityId: String(row.id), detail: { email, role: input.role, companyCage: input.companyCage ?? null } }]);
    return { id: row.id, email: row.email, role: row.role, companyCage: row.companyCage, apiToken };
  });
}

export const BOOTSTRAP_ADMIN_EMAIL = 'admin@awardgate.local';

/** ADMIN_API_TOKEN: an administrator account holding this token exists after start-up (idempotent). */
export async function ensureAdminToken(ctx: ServiceContext, token: string): Promise<void> {
  const { db } = ctx.database;
  const now = ctx.clock.now().toISOString();
  await db.transaction(async (tx) => {
    const h = hashToken(token);
    const [held] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.tokenHash, h));
    if (held) return;
    let [admin] = await tx.select().from(users).where(eq(users.email, BOOTSTRAP_ADMIN_EMAIL));
    if (!admin) {
      [admin] = await tx.insert(users).values({ email: BOOTSTRAP_ADMIN_EMAIL, name: 'Administrator', role: 'ADMIN', createdAt: now }).returning();
    }
    await tx.insert(apiTokens).values({ userId: admin.id, tokenHash: h, label: 'ADMIN_API_TOKEN', createdAt: now });
  });
}

export const USER_SORTS = ['email', 'role', 'createdAt'] as const;

/** Accounts for the administrator's list: sorted, paged. */
export async function listUsers(ctx: ServiceContext, actor: Actor, opts: Omit<ListQuery<(typeof USER_SORTS)[number]>, 'q'>) {
  requireReach(actor, 'accounts.manage', 'Only administrators manage accounts');
  const { db } = ctx.database;
  const col = { email: users.email, role: users.role, createdAt: users.createdAt }[opts.sort];
  const query = db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      companyCage: users.companyCage,
      createdAt: users.createdAt,
      disabled: users.disabled,
      demo: users.demo,
      mustChangePassword: users.mustChangePassword,
      apiOnly: sql<boolean>`${users.passwordHash} IS NULL`.mapWith(Boolean),
      secondFactor: sql<boolean>`EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = ${users.id}) OR EXISTS (SELECT 1 FROM totp_secrets t WHERE t.user_id = ${users.id} AND t.confirmed_at IS NOT NULL)`.mapWith(Boolean),
    })
    .from(users)
    .$dynamic();
  const { rows, total: n } = await pageOf(db, users, query, undefined, orderFor(col, opts.dir, asc(users.id)), opts);
  return { rows: rows.map((r) => ({ ...r, createdOn: dateInZone(r.createdAt, ctx.clock.zone) })), total: n };
}
