/**
 * Instance leases: every running server holds a lease named `instance:<random>` in the database it
 * serves, renewed while it runs and released at shutdown, so `npm run db:restore` can tell that a
 * deployment is still in use (a server that was killed is seen until its lease expires).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.js';
import { acquireLease, releaseLease, renewLease } from '../leases.js';

export const INSTANCE_LEASE_PREFIX = 'instance:';
export const INSTANCE_TTL_MS = 30_000;

export interface InstanceLease {
  release(): Promise<void>;
}

export async function holdInstanceLease(ctx: ServiceContext, opts: { ttlMs?: number; onRenewalError?: (err: unknown) => void } = {}): Promise<InstanceLease> {
  const ttlMs = opts.ttlMs ?? INSTANCE_TTL_MS;
  const name = `${INSTANCE_LEASE_PREFIX}${randomUUID()}`;
  const lease = await acquireLease(ctx, name, ttlMs);
  if (!lease) throw new Error('could not take this instance\'s lease'); // its name is new: only a failed write lands here
  const timer = setInterval(() => {
    renewLease(ctx, lease, ttlMs).catch((err) => opts.onRenewalError?.(err));
  }, Math.floor(ttlMs / 3));
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await releaseLease(ctx, lease);
    },
  };
}

/** The instances whose leases have not expired (their expiry instants, latest first). */
export async function liveInstances(ctx: ServiceContext): Promise<string[]> {
  const rows = await ctx.database.db.all<{ expires_at: string }>(
    sql`SELECT expires_at FROM leases WHERE name LIKE ${`${INSTANCE_LEASE_PREFIX}%`} AND expires_at > ${ctx.clock.now().toISOString()} ORDER BY expires_at DESC`,
  );
  return rows.map((r) => r.expires_at);
}
