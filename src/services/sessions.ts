/**
 * Browser sessions: a random session id in an HttpOnly SameSite cookie (only its SHA-256 is
 * stored), and a per-session CSRF token that every form posts back. A session is made only once a
 * sign-in is complete (src/services/auth/sign-in.ts); a role that needs a second factor gets no
 * actor from a session that was not completed with one, whatever changed since it was made.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { sessions, users } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { needsSecondFactor, type SecondFactor } from '../domain/sign-in.js';
import type { Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { actorForUserId, hashToken } from './users.js';

export const SESSION_HOURS = 12;

type Tx = Pick<Db, 'insert' | 'delete'>;

/** Opens a session for a completed sign-in; returns the id for the cookie. */
export async function startSession(tx: Tx, userId: number, secondFactor: SecondFactor | null, now: Date): Promise<string> {
  const sessionId = randomBytes(32).toString('base64url');
  await tx.insert(sessions).values({
    idHash: hashToken(sessionId),
    userId,
    csrfToken: randomBytes(24).toString('base64url'),
    secondFactor,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
  });
  return sessionId;
}

/** Ends every session of an account (disabled, password or second factor reset, role changed). */
export async function endSessionsOf(tx: Tx, userId: number): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}

export async function sessionActor(ctx: ServiceContext, sessionId: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  const { db } = ctx.database;
  const [row] = await db
    .select({ userId: sessions.userId, csrfToken: sessions.csrfToken, secondFactor: sessions.secondFactor, demo: users.demo })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, hashToken(sessionId)), gt(sessions.expiresAt, ctx.clock.now().toISOString())));
  if (!row) return null;
  const actor = await actorForUserId(db, row.userId);
  if (!actor) return null;
  // A demo mark counts only on a demo account; any other session of a role that needs a second factor must carry one.
  const factor = row.secondFactor === 'DEMO' && !row.demo ? null : row.secondFactor;
  if (needsSecondFactor(actor.role) && !factor) return null;
  return { actor, csrfToken: row.csrfToken };
}

/** The session's id hash, which WebAuthn challenges issued to it are filed under. */
export const sessionHash = (sessionId: string): string => hashToken(sessionId);

export async function signOut(ctx: ServiceContext, sessionId: string): Promise<void> {
  await ctx.database.db.delete(sessions).where(eq(sessions.idHash, hashToken(sessionId)));
}
