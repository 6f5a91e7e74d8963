/**
 * Scheduled jobs (the eMASS sync every EMASS_SYNC_MINUTES, the daily reminder pass at NOTIFY_AT, a
 * backup every BACKUP_EVERY_HOURS): croner fires on every instance, and each firing runs the job
 * through `runExclusive`, so across instances sharing a database one run happens at a time. Jobs
 * must be idempotent for their period (a second instance may fire just after the first finished).
 * server.ts is the only caller; tests call the jobs themselves.
 */
import { Cron } from 'croner';
import type { ServiceContext } from './context.js';
import { runExclusive } from './leases.js';

export interface ScheduledJob {
  readonly name: string;
  /** Stops future firings; a run in progress goes on (await `idle()` for it). */
  stop(): void;
  /** Resolves when no run of this job is in progress on this instance. */
  idle(): Promise<void>;
  /** When the next firing is due, if any. */
  nextRun(): Date | null;
}

export interface ScheduleOptions {
  /** The lease name, unique per job. */
  name: string;
  /** A cron pattern (minute hour day month weekday), read in `timezone`. */
  pattern: string;
  timezone: string;
  /** The job; `signal` aborts when the lease is lost or the server shuts down. */
  job: (signal: AbortSignal) => Promise<unknown>;
  ttlMs?: number;
  /** Told about a run that threw (the job records its own outcome; this is for the log). */
  onError?: (err: unknown) => void;
}

/** Every `minutes` minutes, on the clock (minutes 0, n, 2n… of each hour when n divides 60). */
export function everyMinutesPattern(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1) throw new RangeError('the interval must be a whole number of minutes, at least 1');
  if (minutes < 60 && 60 % minutes === 0) return `*/${minutes} * * * *`;
  if (minutes % 60 === 0 && minutes <= 24 * 60 && (24 * 60) % minutes === 0) return `0 */${minutes / 60} * * *`;
  throw new RangeError('the interval must divide an hour (1-60 minutes) or a day (whole hours)');
}

/** Once a day at `hh:mm` (in the pattern's time zone). */
export function dailyAtPattern(time: string): string {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new RangeError('the time of day must be HH:MM (24-hour)');
  return `${Number(m[2])} ${Number(m[1])} * * *`;
}

export function scheduleExclusive(ctx: ServiceContext, opts: ScheduleOptions): ScheduledJob {
  let current: Promise<unknown> | null = null;
  const stopping = new AbortController();
  const fire = () => {
    if (current) return; // still running here from the last firing: skip, the lease would refuse anyway
    current = runExclusive(
      ctx,
      opts.name,
      (lost) => opts.job(AbortSignal.any([lost, stopping.signal])),
      { ttlMs: opts.ttlMs },
    )
      .catch((err) => opts.onError?.(err))
      .finally(() => {
        current = null;
      });
  };
  const cron = new Cron(opts.pattern, { timezone: opts.timezone, protect: true }, fire);
  return {
    name: opts.name,
    stop() {
      cron.stop();
      stopping.abort(new Error('the server is shutting down'));
    },
    async idle() {
      while (current) await current;
    },
    nextRun: () => cron.nextRun(),
  };
}
