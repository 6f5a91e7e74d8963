/**
 * The eMASS feed under test: a real migrated database and app (test/helpers.ts), a fake eMASS
 * server of our own (test/fakes/emass-server.ts) and the feed's settings pointing at it, with
 * timeouts and back-off shortened so failure modes take milliseconds.
 */
import { onTestFinished } from 'vitest';
import { fixedClock, type Clock } from '../../src/clock.js';
import type { ServiceContext } from '../../src/services/context.js';
import { syncNow } from '../../src/services/emass/runs.js';
import type { EmassSettings } from '../../src/services/emass/settings.js';
import { bulkRecord, secondsOf } from '../fakes/emass-records.js';
import { startFakeEmass, type FakeEmass, type FakeOptions } from '../fakes/emass-server.js';
import { testEnv, type TestEnv } from '../helpers.js';

export function settingsFor(fake: Pick<FakeEmass, 'url' | 'apiKey' | 'userUid'>, over: Partial<EmassSettings> = {}): EmassSettings {
  return {
    url: fake.url,
    apiKey: fake.apiKey,
    userUid: fake.userUid,
    clientCertFile: null,
    clientKeyFile: null,
    caCertFile: null,
    since: '2026-01-01',
    syncMinutes: 0,
    connectTimeoutMs: 2_000,
    responseTimeoutMs: 2_000,
    idleTimeoutMs: 2_000,
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50, retryAfterCapMs: 2_000 },
    batchSize: 1_000,
    ...over,
  };
}

export interface FeedEnv extends TestEnv {
  fake: FakeEmass;
  settings: EmassSettings;
  /** The services' context on a given day (a run "sees" its records that day), at 15:00 UTC by default. */
  ctxOn: (today: string, instant?: string) => ServiceContext;
  /** One sync on `today`; fails the test if it came back busy. */
  sync: (today: string, instant?: string) => ReturnType<typeof syncAndExpectRun>;
  closeAll: () => Promise<void>;
}

async function syncAndExpectRun(ctx: ServiceContext, settings: EmassSettings) {
  const r = await syncNow(ctx, settings);
  if (r.busy) throw new Error('the sync came back busy');
  return r.run;
}

export async function feedEnv(today = '2026-11-23', fakeOptions: FakeOptions = {}): Promise<FeedEnv> {
  const fake = await startFakeEmass(fakeOptions);
  const settings = settingsFor(fake);
  // The app has the same settings, so POST /api/v1/emass/sync reaches the fake too.
  const env = await testEnv(today, undefined, { emass: settingsFor(fake) });
  const ctxOn = (day: string, instant?: string): ServiceContext => {
    const clock: Clock = fixedClock(day, new Date(instant ?? `${day}T15:00:00Z`));
    return { database: env.database, clock };
  };
  return {
    ...env,
    fake,
    settings,
    ctxOn,
    sync: (day, instant) => syncAndExpectRun(ctxOn(day, instant), settings),
    closeAll: async () => {
      await fake.close();
      env.close();
    },
  };
}

/** A feed environment of the running test alone, closed (fake and database) when the test finishes (call it inside `it`). */
export async function ownFeedEnv(today?: string, fakeOptions?: FakeOptions): Promise<FeedEnv> {
  const env = await feedEnv(today, fakeOptions);
  onTestFinished(() => env.closeAll());
  return env;
}

/**
 * A fake eMASS holding `count` bulk records changed on 2026-11-01, answering slowly (about 4 s of
 * body for 20,000 records) so a run can be killed in the middle of it.
 */
export async function slowFeed(count: number): Promise<FakeEmass> {
  const fake = await startFakeEmass();
  fake.generate(secondsOf('2026-11-01'), count, bulkRecord);
  fake.pace(250, 50);
  return fake;
}
