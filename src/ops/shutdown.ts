/**
 * A clean shutdown on SIGTERM/SIGINT (README "Operating AwardGate"): stop accepting connections,
 * report not ready, stop the schedules, and wait up to the grace period for the requests in flight,
 * the running job batches and any tracked task. Then close the database. Work still running at the
 * deadline is cut off: its writes are refused from then on, so its transaction (an import runs in
 * one) rolls back whole, and the exit code says so.
 */
import type { Server } from 'node:http';
import type { Database } from '../../db/client.js';
import type { Readiness } from '../services/ops/readiness.js';
import type { RequestTracker } from './http.js';
import type { Logger } from './logger.js';

/** Exit codes of the server process. */
export const EXIT_CLEAN = 0;
/** Work was cut off at the shutdown deadline (EX_TEMPFAIL: what was cut off may be retried). */
export const EXIT_WORK_CUT_OFF = 75;

/** What a shutdown stops and waits for: a ScheduledJob (src/services/schedule.ts) is one. */
export interface Stoppable {
  readonly name: string;
  /** Stops new runs; a run in progress is told to stop at its next batch boundary. */
  stop(): void;
  /** Resolves when no run is in progress. */
  idle(): Promise<void>;
}

/** Why a write was refused after the deadline (an import's error names it; its transaction rolls back). */
export class ShutdownCutOff extends Error {
  constructor() {
    super('the server is shutting down and its grace period is over: this write was cut off and rolled back');
    this.name = 'ShutdownCutOff';
  }
}

export interface ShutdownOptions {
  logger: Logger;
  /** The listening server (may be set later, once it listens). */
  server?: Pick<Server, 'close' | 'closeIdleConnections' | 'closeAllConnections'> | null;
  requests: RequestTracker;
  readiness: Readiness;
  database: Database;
  graceMs: number;
  /** After the deadline: how long interrupted work gets to roll back before the database is closed anyway. */
  rollbackWaitMs?: number;
}

export interface Shutdown {
  setServer(server: NonNullable<ShutdownOptions['server']>): void;
  /** Registers a scheduled job (any ScheduledJob handle) or other stoppable worker. */
  register(job: Stoppable): void;
  /** Waits for a long-running task that is not a request (it is reported if still running at the deadline). */
  track<T>(name: string, task: Promise<T>): Promise<T>;
  /** Runs once before the database closes (releasing a lease, flushing a buffer). */
  beforeClose(hook: () => Promise<void>): void;
  /** Shuts down; resolves with the exit code. A second call returns the first one's promise. */
  run(signal: string): Promise<number>;
  readonly started: boolean;
}

const sleep = (ms: number) =>
  new Promise<'timeout'>((ok) => {
    setTimeout(() => ok('timeout'), ms).unref();
  });

export function createShutdown(opts: ShutdownOptions): Shutdown {
  const { logger, requests, readiness, database } = opts;
  let server = opts.server ?? null;
  const jobs: Stoppable[] = [];
  const tasks = new Map<Promise<unknown>, string>();
  const hooks: (() => Promise<void>)[] = [];
  let running: Promise<number> | null = null;

  async function shutdown(signal: string): Promise<number> {
    const t0 = Date.now();
    logger.info({ signal, graceSeconds: opts.graceMs / 1000, inFlight: requests.size }, `shutting down on ${signal}: no new connections; waiting for work in flight`);
    readiness.drain();
    requests.drain();
    const closed = new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
    server?.closeIdleConnections();
    for (const j of jobs) j.stop();

    const busyJobs = new Set(jobs.map((j) => j.name));
    const jobsIdle = jobs.map((j) => j.idle().then(() => void busyJobs.delete(j.name)));
    const everything = Promise.all([requests.idle(), closed, ...jobsIdle, ...tasks.keys()].map((p) => p.catch(() => {})));
    // A request answered after close() leaves its kept-alive connection idle: end those as they free up.
    const sweep = setInterval(() => server?.closeIdleConnections(), 100);
    const finished = (await Promise.race([everything.then(() => 'done' as const), sleep(opts.graceMs)])) === 'done';

    let cutOff: string[] = [];
    if (!finished) {
      cutOff = [...requests.list().map((r) => `${r.method} ${r.route}`), ...[...busyJobs].map((n) => `job ${n}`), ...tasks.values()];
      database.interruptWrites(new ShutdownCutOff());
      logger.error({ cutOff, graceSeconds: opts.graceMs / 1000 }, `shutdown grace period over: cutting off ${cutOff.length} unit(s) of work; their writes are rolled back`);
      // Interrupted transactions fail at their next statement and roll back; give them a moment.
      const unwound = (await Promise.race([everything.then(() => 'done' as const), sleep(opts.rollbackWaitMs ?? 5000)])) === 'done';
      server?.closeAllConnections();
      // The shutdown's own last writes (releasing this instance's lease) may go once nothing else can write.
      if (unwound) database.resumeWrites();
    }
    clearInterval(sweep);
    for (const hook of hooks) await hook().catch((err) => logger.warn({ err }, 'a shutdown step failed'));
    database.close();
    const code = finished ? EXIT_CLEAN : EXIT_WORK_CUT_OFF;
    const ms = Date.now() - t0;
    if (finished) logger.info({ exitCode: code, ms }, 'shutdown complete: all work finished');
    else logger.error({ exitCode: code, ms, cutOff }, `shutdown complete: work was cut off (${cutOff.join(', ')}) and rolled back`);
    return code;
  }

  return {
    setServer(s) {
      server = s;
    },
    register(job) {
      jobs.push(job);
    },
    track(name, task) {
      tasks.set(task, name);
      return task.finally(() => tasks.delete(task));
    },
    beforeClose(hook) {
      hooks.push(hook);
    },
    run(signal) {
      return (running ??= shutdown(signal));
    },
    get started() {
      return running !== null;
    },
  };
}
