import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../db/client.js';
import type { Clock } from '../../src/clock.js';
import { acquireLease, leaseHolder, releaseLease, renewLease, runExclusive } from '../../src/services/leases.js';

/** A clock whose instant the test moves. */
function movableClock(start: string) {
  let now = new Date(start);
  const clock: Clock = { now: () => now, today: () => now.toISOString().slice(0, 10), pinned: null, zone: 'UTC' };
  return { clock, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

let database: Database | null = null;
afterEach(() => database?.close());

describe('leases', () => {
  it('gives a free lease to one holder and refuses a second while it is held', async () => {
    database = await createTestDatabase();
    const { clock } = movableClock('2026-11-29T12:00:00Z');
    const ctx = { database, clock };
    const first = await acquireLease(ctx, 'job', 60_000, 'instance-a');
    const second = await acquireLease(ctx, 'job', 60_000, 'instance-b');
    expect(first).toEqual({ name: 'job', holder: 'instance-a' });
    expect(second).toBeNull();
    expect((await leaseHolder(ctx, 'job'))?.holder).toBe('instance-a');
  });

  it('lets another holder take an expired lease, after which the old holder can neither renew nor release it', async () => {
    database = await createTestDatabase();
    const { clock, advance } = movableClock('2026-11-29T12:00:00Z');
    const ctx = { database, clock };
    const old = (await acquireLease(ctx, 'job', 60_000, 'instance-a'))!;
    advance(60_000);
    const taken = await acquireLease(ctx, 'job', 60_000, 'instance-b');
    expect(taken?.holder).toBe('instance-b');
    expect(await renewLease(ctx, old, 60_000)).toBe(false);
    await releaseLease(ctx, old);
    expect((await leaseHolder(ctx, 'job'))?.holder).toBe('instance-b');
  });

  it('runs one of two concurrent exclusive jobs and frees the lease when it ends', async () => {
    database = await createTestDatabase();
    const ctx = { database, clock: movableClock('2026-11-29T12:00:00Z').clock };
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const a = runExclusive(ctx, 'sync', async () => {
      await gate;
      return 'a';
    });
    // Let the first job take the lease before the second asks for it.
    while (!(await leaseHolder(ctx, 'sync'))) await new Promise((r) => setTimeout(r, 5));
    const b = await runExclusive(ctx, 'sync', async () => 'b');
    release();
    expect(await a).toEqual({ ran: true, value: 'a' });
    expect(b).toEqual({ ran: false });
    expect(await leaseHolder(ctx, 'sync')).toBeNull();
  });
});

describe('schedule patterns', () => {
  it('turns an interval in minutes into a cron pattern on the clock', async () => {
    const { everyMinutesPattern, dailyAtPattern } = await import('../../src/services/schedule.js');
    expect(everyMinutesPattern(15)).toBe('*/15 * * * *');
    expect(everyMinutesPattern(120)).toBe('0 */2 * * *');
    expect(() => everyMinutesPattern(7 * 60 + 1)).toThrow(/divide/);
    expect(() => everyMinutesPattern(0)).toThrow(/at least 1/);
    expect(dailyAtPattern('06:30')).toBe('30 6 * * *');
    expect(() => dailyAtPattern('6:30')).toThrow(/HH:MM/);
  });
});
