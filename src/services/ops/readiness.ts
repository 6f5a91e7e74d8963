/**
 * Readiness (GET /readyz): may this instance take traffic? The database answers, its migrations are
 * the ones this build carries, and no registered subsystem (the eMASS feed, the mail sender…) says
 * it is failing. Answers name checks and fixed reasons only, never a URL, path or error text, since
 * /readyz is public.
 */
import { statSync } from 'node:fs';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_FOLDER, type Database } from '../../../db/client.js';

export type CheckOutcome = { ok: true } | { ok: false; reason: string };
export type ReadinessCheck = () => Promise<CheckOutcome>;

export interface ReadinessReport {
  ready: boolean;
  status: 'ready' | 'not ready' | 'shutting down';
  checks: Record<string, 'ok' | string>;
}

export interface Readiness {
  /** Adds a subsystem's check (one call per subsystem); it runs on every /readyz. */
  register(name: string, check: ReadinessCheck): void;
  /** From now on /readyz answers 503 "shutting down", so a load balancer stops sending traffic. */
  drain(): void;
  readonly draining: boolean;
  evaluate(): Promise<ReadinessReport>;
}

export interface MigrationState {
  /** Committed migrations this database has not applied. */
  pending: number;
  /** Applied migrations this build does not carry (the database was migrated by a newer build). */
  unknown: number;
}

let committed: { folderMillis: number; hash: string }[] | null = null;
const committedMigrations = () => (committed ??= readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map(({ folderMillis, hash }) => ({ folderMillis, hash })));

/** Compares the migrations a database applied with the committed journal, as drizzle's migrator orders them. */
export async function migrationState(database: Database): Promise<MigrationState> {
  const mine = committedMigrations();
  const table = await database.client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'");
  if (!table.rows.length) return { pending: mine.length, unknown: 0 };
  const applied = (await database.client.execute('SELECT created_at FROM __drizzle_migrations')).rows.map((r) => Number(r.created_at));
  const last = Math.max(Number.NEGATIVE_INFINITY, ...applied);
  const known = new Set(mine.map((m) => m.folderMillis));
  return { pending: mine.filter((m) => m.folderMillis > last).length, unknown: applied.filter((a) => !known.has(a)).length };
}

export interface ReadinessOptions {
  /** The embedded database file: ready only while the file this process opened is still there. */
  databaseFile?: string | null;
  /** A check that has not answered by then counts as failing. */
  timeoutMs?: number;
}

const fileId = (path: string) => {
  const s = statSync(path);
  return `${s.dev}:${s.ino}`;
};

export function createReadiness(database: Database, opts: ReadinessOptions = {}): Readiness {
  const checks = new Map<string, ReadinessCheck>();
  const timeoutMs = opts.timeoutMs ?? 2000;
  let draining = false;
  // SQLite keeps serving a file that was deleted or replaced under it (the open inode lives on), so
  // `SELECT 1` alone would not notice; the file's identity must still be the one opened.
  const file = opts.databaseFile ?? null;
  const openedId = file ? fileId(file) : null;

  checks.set('database', async () => {
    if (file) {
      let id: string;
      try {
        id = fileId(file);
      } catch {
        return { ok: false, reason: 'the database file is gone' };
      }
      if (id !== openedId) return { ok: false, reason: 'the database file was replaced' };
    }
    await database.client.execute('SELECT 1');
    return { ok: true };
  });
  checks.set('migrations', async () => {
    const s = await migrationState(database);
    if (s.unknown) return { ok: false, reason: `${s.unknown} applied migration(s) unknown to this build` };
    if (s.pending) return { ok: false, reason: `${s.pending} migration(s) pending` };
    return { ok: true };
  });

  const run = async (check: ReadinessCheck): Promise<CheckOutcome> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<CheckOutcome>((ok) => (timer = setTimeout(() => ok({ ok: false, reason: 'no answer in time' }), timeoutMs)));
    try {
      // What a failing check threw may hold a URL or a path: it is reduced to a fixed word.
      return await Promise.race([check().catch((): CheckOutcome => ({ ok: false, reason: 'failing' })), late]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    register(name, check) {
      if (checks.has(name)) throw new Error(`a readiness check named "${name}" is already registered`);
      checks.set(name, check);
    },
    drain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
    async evaluate() {
      const names = [...checks.keys()];
      const outcomes = await Promise.all(names.map((n) => run(checks.get(n)!)));
      const report: ReadinessReport['checks'] = {};
      names.forEach((n, i) => {
        const o = outcomes[i];
        report[n] = o.ok ? 'ok' : o.reason;
      });
      const failing = outcomes.some((o) => !o.ok);
      return { ready: !failing && !draining, status: draining ? 'shutting down' : failing ? 'not ready' : 'ready', checks: report };
    },
  };
}
