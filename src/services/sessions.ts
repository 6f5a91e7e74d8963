/**
 * Browser sign-in: email + password (scrypt), a random session id in an HttpOnly SameSite cookie
 * (only its SHA-256 is stored), and a per-session CSRF token that every form posts back.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { sessions, users } from '../../db/schema.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { verifyPassword } from './passwords.js';
import { actorForUserId, hashToken } from './users.js';

export const SESSION_HOURS = 12;

/** A stand-in hash so an unknown email costs the same scrypt time as a wrong password. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export async function signIn(ctx: ServiceContext, email: string, password: string): Promise<{ sessionId: string; actor: Actor } | null> {
  const { db } = ctx.database;
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) return null;
  const sessionId = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      idHash: hashToken(sessionId),
      userId: user.id,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
    });
    await appendAudit(tx, now, [{ userId: user.id, action: 'session.sign_in', entity: 'user', entityId: String(user.id) }]);
  });
  const actor = await actorForUserId(db, user.id);
  return actor ? { sessionId, actor } : null;
}

export async function sessionActor(ctx: ServiceContext, sessionId: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  const { db } = ctx.database;
  const [row] = await db
    .select({ userId: sessions.userId, csrfToken: sessions.csrfToken })
    .from(sessions)
    .where(and(eq(sessions.idHash, hashToken(sessionId)), gt(sessions.expiresAt, ctx.clock.now().toISOString())));
  if (!row) return null;
  const actor = await actorForUserId(db, row.userId);
  return actor ? { actor, csrfToken: row.csrfToken } : null;
}

export async function signOut(ctx: ServiceContext, sessionId: string): Promise<void> {
  await ctx.database.db.delete(sessions).where(eq(sessions.idHash, hashToken(sessionId)));
}
