/**
 * Idempotency keys of record-creating forms (issue 10): the first submit of a form stores where the
 * record it created lives; a second submit of the same form (back button, double click, another
 * instance behind the load balancer) is answered with that record instead of creating another.
 */
import { eq } from 'drizzle-orm';
import { idempotencyKeys } from '../../db/schema.js';
import type { ServiceContext } from './context.js';

/** A key as the form mints it: a UUID (anything else is ignored, so a forged field cannot collide). */
export const isIdempotencyKey = (k: unknown): k is string => typeof k === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(k);

/** Where the first submit with this key went, or null when the key is new. */
export async function submittedBefore(ctx: ServiceContext, key: string): Promise<string | null> {
  const [row] = await ctx.database.db.select({ location: idempotencyKeys.location }).from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
  return row?.location ?? null;
}

/** Remembers the record a key's first submit created (the first one wins if two raced). */
export async function rememberSubmission(ctx: ServiceContext, key: string, location: string): Promise<void> {
  await ctx.database.db.insert(idempotencyKeys).values({ key, location, createdAt: ctx.clock.now().toISOString() }).onConflictDoNothing();
}
