/**
 * Backups of an embedded database (README "Operating AwardGate", backup and restore drill).
 *
 * A backup is SQLite's `VACUUM INTO`: one read transaction, so the copy is the database as it stood
 * at one instant, taken while the server goes on writing (WAL readers do not block the writer), and
 * it holds every write committed before it began. A restore checks a backup whole before it moves
 * it into place, and only into a deployment that no server holds.
 *
 * A libSQL server (sqld, Turso) is not backed up this way: its own snapshots and point-in-time
 * restore serve instead, so both functions refuse a remote URL.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, localDatabasePath, type Database } from '../../../db/client.js';
import { systemClock } from '../../clock.js';
import { verifyChains } from '../checks.js';
import type { ServiceContext } from '../context.js';
import { everyMinutesPattern, scheduleExclusive, type ScheduledJob } from '../schedule.js';
import { liveInstances } from './instance.js';
import { migrationState } from './readiness.js';

/** A refusal, in a sentence for the operator (the scripts print it and exit 1). */
export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefused';
  }
}

/** The file of an embedded database, or a refusal naming what serves instead for a libSQL server. */
export function embeddedDatabaseFile(url: string, command: 'db:backup' | 'db:restore'): string {
  const file = localDatabasePath(url);
  if (file) return file;
  if (url === ':memory:' || url === 'file::memory:') throw new BackupRefused(`${command} needs a database file; DATABASE_URL is an in-memory database.`);
  throw new BackupRefused(
    `${command} works on an embedded database (DATABASE_URL=file:…); this DATABASE_URL is a libSQL server, whose own snapshots and point-in-time restore serve instead (README "Operating AwardGate").`,
  );
}

const withDatabase = async <T>(url: string, work: (d: Database) => Promise<T>): Promise<T> => {
  const d = await createDatabase({ url });
  try {
    return await work(d);
  } finally {
    d.close();
  }
};

const firstColumn = (rows: Record<string, unknown>[]) => rows.map((r) => String(Object.values(r)[0]));

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

/** Writes a consistent copy of the database of `databaseUrl` to `to` (never over an existing file). */
export async function backupDatabase(databaseUrl: string, to: string): Promise<BackupResult> {
  const t0 = performance.now();
  const source = embeddedDatabaseFile(databaseUrl, 'db:backup');
  if (!existsSync(source)) throw new BackupRefused(`There is no database at ${source} to back up.`);
  if (existsSync(to)) throw new BackupRefused(`${to} already exists: a backup never overwrites a file; name a new one.`);
  mkdirSync(dirname(resolve(to)), { recursive: true });
  // Written beside the target and renamed when whole, so `to` never names half a backup.
  const partial = `${to}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  try {
    await withDatabase(databaseUrl, (d) => d.client.execute({ sql: 'VACUUM INTO ?', args: [resolve(partial)] }).then(() => {}));
    const check = await withDatabase(`file:${partial}`, async (d) => {
      // The copy inherits WAL mode; in rollback-journal mode it stays one self-contained file however it is opened later.
      await d.client.execute('PRAGMA journal_mode = DELETE');
      return firstColumn((await d.client.execute('PRAGMA quick_check')).rows);
    });
    if (check.join() !== 'ok') throw new BackupRefused(`The copy failed its check (${check.slice(0, 3).join('; ')}); nothing was kept.`);
    renameSync(partial, to);
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  }
  return { file: to, bytes: statSync(to).size, ms: Math.round(performance.now() - t0) };
}

export interface BackupCheck {
  integrity: string[];
  chains: { ok: boolean; problems: string[] };
  verifications: number;
  auditEntries: number;
}

async function checkCopy(d: Database): Promise<BackupCheck> {
  const integrity = firstColumn((await d.client.execute('PRAGMA integrity_check')).rows);
  if (integrity.join() !== 'ok') return { integrity, chains: { ok: false, problems: [] }, verifications: 0, auditEntries: 0 };
  const migrations = await migrationState(d);
  const tables = await d.client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'");
  if (!tables.rows.length) throw new BackupRefused('The backup is not an AwardGate database (no migrations were ever applied to it); nothing was changed.');
  if (migrations.unknown)
    throw new BackupRefused(`The backup was made by a newer AwardGate (${migrations.unknown} migration(s) this build does not carry): restore it with that build; nothing was changed.`);
  const chains = await verifyChains({ database: d, clock: systemClock() });
  const count = async (table: string) => Number((await d.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  return { integrity, chains, verifications: await count('verifications'), auditEntries: await count('audit_log') };
}

export interface RestoreResult extends BackupCheck {
  target: string;
  /** Where the database the backup replaced was moved (null when there was none). */
  previous: string | null;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const moveWithSidecars = (from: string, to: string) => {
  renameSync(from, to);
  for (const s of ['-wal', '-shm']) if (existsSync(from + s)) renameSync(from + s, to + s);
};

/**
 * Restores `from` into the deployment of `databaseUrl`: refuses while a server holds that database
 * (an unexpired instance lease), checks a staged copy (`PRAGMA integrity_check`, the migrations, both
 * hash chains) and only then moves it into place, keeping the database it replaces beside it.
 */
export async function restoreDatabase(databaseUrl: string, from: string, now = new Date()): Promise<RestoreResult> {
  const target = embeddedDatabaseFile(databaseUrl, 'db:restore');
  if (!existsSync(from)) throw new BackupRefused(`There is no backup at ${from}.`);
  if (resolve(from) === resolve(target)) throw new BackupRefused('The backup is the deployment\'s own database file; name a backup file.');
  if (existsSync(target)) {
    const live = await withDatabase(databaseUrl, async (d) => {
      const ops = await d.client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'leases'");
      return ops.rows.length ? liveInstances({ database: d, clock: systemClock() }) : [];
    });
    if (live.length)
      throw new BackupRefused(
        `The deployment is in use: ${live.length} AwardGate server(s) hold ${target} (lease until ${live[0]}). Stop every server first; after a crash, wait until the lease has expired. Nothing was changed.`,
      );
  }
  mkdirSync(dirname(resolve(target)), { recursive: true });
  const staged = join(dirname(resolve(target)), `.${basename(target)}.restoring-${process.pid}`);
  const cleanStaged = () => {
    for (const f of [staged, `${staged}-wal`, `${staged}-shm`]) rmSync(f, { force: true });
  };
  cleanStaged();
  copyFileSync(from, staged);
  // A backup someone opened in WAL mode may hold its last writes in its -wal file: they come along.
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${staged}-wal`);
  try {
    const check = await withDatabase(`file:${staged}`, async (d) => {
      const c = await checkCopy(d);
      if (c.integrity.join() !== 'ok') throw new BackupRefused(`The backup fails PRAGMA integrity_check (${c.integrity.slice(0, 3).join('; ')}); nothing was changed.`);
      if (!c.chains.ok) throw new BackupRefused(`The backup's hash chains do not verify (${c.chains.problems.slice(0, 3).join('; ')}); nothing was changed.`);
      // One self-contained file: the server turns WAL on again when it opens it.
      await d.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
      await d.client.execute('PRAGMA journal_mode = DELETE');
      return c;
    }).catch((e: unknown) => {
      // A file SQLite cannot read at all fails before integrity_check can answer.
      const text = `${(e as { code?: string })?.code ?? ''} ${(e as Error)?.message ?? ''}`;
      if (e instanceof BackupRefused || !/SQLITE_(CORRUPT|NOTADB)/.test(text)) throw e;
      throw new BackupRefused(`The backup is not a readable SQLite database (${(e as Error).message.split('\n')[0]}); nothing was changed.`);
    });
    let previous: string | null = null;
    if (existsSync(target)) {
      previous = `${target}.before-restore-${stamp(now)}`;
      moveWithSidecars(target, previous);
    }
    renameSync(staged, target);
    return { ...check, target, previous };
  } finally {
    cleanStaged();
  }
}

export interface BackupScheduleSettings {
  databaseUrl: string;
  dir: string;
  everyHours: number;
  keep: number;
  timezone: string;
}

const BACKUP_NAME = /^awardgate-\d{8}T\d{6}Z\.db$/;
const BACKUP_SCRIPT = fileURLToPath(new URL('../../../db/backup.ts', import.meta.url));

/** Deletes all but the newest `keep` scheduled backups (and copies a crash left half-written). */
export function pruneBackups(dir: string, keep: number): string[] {
  const names = readdirSync(dir);
  const backups = names.filter((n) => BACKUP_NAME.test(n)).sort().reverse();
  const halfWritten = names.filter((n) => /^awardgate-\d{8}T\d{6}Z\.db\.partial-/.test(n));
  const removed = [...backups.slice(keep), ...halfWritten];
  for (const n of removed) rmSync(join(dir, n), { force: true });
  return removed;
}

/**
 * Runs `npm run db:backup` in a child process: `VACUUM INTO` is one synchronous statement, which
 * would stop this server's event loop for as long as the copy takes.
 */
function backupInChild(databaseUrl: string, to: string): Promise<void> {
  return new Promise((ok, fail) => {
    let out = '';
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), BACKUP_SCRIPT, '--to', to], {
      env: { DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A server that exits (its shutdown deadline) takes its backup with it.
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('error', fail);
    child.on('exit', (code) => {
      process.off('exit', kill);
      if (code === 0) ok();
      else fail(new Error(`the backup to ${to} failed (exit ${code}): ${out.trim().slice(-500)}`));
    });
  });
}

/** One scheduled backup: a new file named by the instant in `dir`, then all but the newest `keep` removed. */
export async function scheduledBackup(ctx: ServiceContext, s: BackupScheduleSettings): Promise<{ file: string; removed: string[] }> {
  mkdirSync(s.dir, { recursive: true });
  const file = join(s.dir, `awardgate-${stamp(ctx.clock.now())}.db`);
  await backupInChild(s.databaseUrl, file);
  return { file, removed: pruneBackups(s.dir, s.keep) };
}

/** The optional schedule (BACKUP_DIR, BACKUP_EVERY_HOURS, BACKUP_KEEP): one backup per period across instances. */
export function scheduleBackups(
  ctx: ServiceContext,
  s: BackupScheduleSettings,
  report: { done(file: string, removed: string[]): void; failed(err: unknown): void },
): ScheduledJob {
  return scheduleExclusive(ctx, {
    name: 'backup',
    pattern: everyMinutesPattern(s.everyHours * 60),
    timezone: s.timezone,
    job: async () => {
      try {
        const { file, removed } = await scheduledBackup(ctx, s);
        ctx.metrics?.backups.inc({ outcome: 'written' });
        ctx.metrics?.lastBackup.set(Date.now() / 1000);
        report.done(file, removed);
      } catch (err) {
        ctx.metrics?.backups.inc({ outcome: 'failed' });
        report.failed(err);
      }
    },
  });
}
