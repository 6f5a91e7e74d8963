/**
 * One-time recovery codes (issue 12, finding 6): ten random codes shown once when a first second
 * factor is enrolled (or when the user asks for new ones), for the day the phone or key is lost.
 * Only their SHA-256 is stored — each carries 80 random bits, so a fast hash is enough — and each
 * is spent by a conditional update, so it signs in once even if two requests race.
 */
import { randomBytes } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import { recoveryCodes } from '../../../db/schema.js';
import type { Db } from '../../../db/client.js';
import type { ServiceContext } from '../context.js';
import { hashToken } from '../users.js';

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32 without the letters people confuse (I, L, O, U).
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** `xxxx-xxxx-xxxx-xxxx`: 16 characters of 5 bits. */
function newCode(): string {
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
  return chars.replace(/(.{4})(?!$)/g, '$1-');
}

/** What the user typed, as it was hashed: case, spaces and dashes do not matter. */
const normalised = (code: string): string => code.toLowerCase().replace(/[\s-]/g, '').replace(/(.{4})(?!$)/g, '$1-');

type Tx = Pick<Db, 'insert' | 'delete'>;

/** Replaces the account's codes with new ones; returns them (the only time they are readable). */
export async function issueRecoveryCodes(tx: Tx, userId: number, now: Date): Promise<string[]> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashToken(c), createdAt: now.toISOString() })));
  return codes;
}

/** Spends a code; true when it was one of the account's unused codes. */
export async function spendRecoveryCode(ctx: ServiceContext, userId: number, code: string): Promise<boolean> {
  if (code.length > 64) return false;
  const spent = await ctx.database.db
    .update(recoveryCodes)
    .set({ usedAt: ctx.clock.now().toISOString() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashToken(normalised(code))), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return spent.length === 1;
}

export async function unusedRecoveryCodes(db: Db, userId: number): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return n;
}
