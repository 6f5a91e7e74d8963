/**
 * Leases: one holder at a time per job name across every instance sharing the database (README
 * "Scale-out"). A job that must not run twice at once (an eMASS sync, the daily reminder pass, a
 * scheduled backup) runs inside `runExclusive`, which takes the lease in one atomic statement,
 * renews it while the job runs, and releases it at the end. A holder that dies stops renewing, and
 * its lease is taken over once it has expired.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from './context.js';

export interface Lease {
  name: string;
  holder: string;
}

/** Takes the lease when it is free or expired; null when someone else holds it. */
export async function acquireLease(ctx: ServiceContext, name: string, ttlMs: number, holder: string = randomUUID()): Promise<Lease | null> {
  const now = ctx.clock.now();
  const expires = new Date(now.getTime() + ttlMs).toISOString();
  // One statement, so two instances racing for a free lease cannot both win.
  const rows = await ctx.database.db.all<{ holder: string }>(sql`
    INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (${name}, ${holder}, ${now.toISOString()}, ${expires})
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
    WHERE leases.expires_at <= ${now.toISOString()}
    RETURNING holder`);
  return rows[0]?.holder === holder ? { name, holder } : null;
}

/** Extends a held lease; false when it was lost (expired and taken over). */
export async function renewLease(ctx: ServiceContext, lease: Lease, ttlMs: number): Promise<boolean> {
  const expires = new Date(ctx.clock.now().getTime() + ttlMs).toISOString();
  const rows = await ctx.database.db.all<{ name: string }>(sql`
    UPDATE leases SET expires_at = ${expires} WHERE name = ${lease.name} AND holder = ${lease.holder} RETURNING name`);
  return rows.length === 1;
}

/** Frees a held lease (a no-op when it was already taken over). */
export async function releaseLease(ctx: ServiceContext, lease: Lease): Promise<void> {
  await ctx.database.db.run(sql`DELETE FROM leases WHERE name = ${lease.name} AND holder = ${lease.holder}`);
}

/** Who holds a lease now, if anyone (for status pages and readiness). */
export async function leaseHolder(ctx: ServiceContext, name: string): Promise<{ holder: string; acquiredAt: string; expiresAt: string } | null> {
  const [row] = await ctx.database.db.all<{ holder: string; acquired_at: string; expires_at: string }>(
    sql`SELECT holder, acquired_at, expires_at FROM leases WHERE name = ${name} AND expires_at > ${ctx.clock.now().toISOString()}`,
  );
  return row ? { holder: row.holder, acquiredAt: row.acquired_at, expiresAt: row.expires_at } : null;
}

export type Exclusive<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `job` while holding the lease `name`, or returns `{ ran: false }` at once when another
 * holder has it. The lease is renewed every third of `ttlMs`; if a renewal finds it lost, `signal`
 * aborts so the job can stop at its next batch boundary.
 */
export async function runExclusive<T>(
  ctx: ServiceContext,
  name: string,
  job: (signal: AbortSignal) => Promise<T>,
  opts: { ttlMs?: number } = {},
): Promise<Exclusive<T>> {
  const ttlMs = opts.ttlMs ?? 60_000;
  const lease = await acquireLease(ctx, name, ttlMs);
  if (!lease) return { ran: false };
  const lost = new AbortController();
  const timer = setInterval(() => {
    renewLease(ctx, lease, ttlMs)
      .then((held) => {
        if (!held) lost.abort(new Error(`the lease "${name}" was lost`));
      })
      .catch(() => {
        /* a failed renewal is retried at the next tick; the lease outlives one miss */
      });
  }, Math.max(1000, Math.floor(ttlMs / 3)));
  timer.unref();
  try {
    return { ran: true, value: await job(lost.signal) };
  } finally {
    clearInterval(timer);
    await releaseLease(ctx, lease).catch(() => {});
  }
}
