/**
 * Database factory. The app never holds a module-level connection: `createDatabase` is called by
 * server.ts (from the environment) or by a test (`:memory:` or a temp file) and handed to createApp.
 */
import { createClient, LibsqlError, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import Sqlite from 'libsql';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };
export interface Database {
  db: Db;
  client: Client;
  /**
   * Where checks may read: the libSQL read replica, except for `readYourWritesMs` after a write
   * through this instance committed, when it is the primary (a replica trails the primary by a few
   * ms, so an import followed at once by a check would otherwise miss it). The primary when no
   * replica is configured.
   */
  readonly readDb: Db;
  /**
   * Reads through statements prepared once, for the hot path's statements of constant text (the
   * check, issue 14); null unless the database is a local file. @libsql/client prepares every
   * statement on every call and keeps no statement cache.
   */
  readonly prepared: PreparedReads | null;
  /**
   * From now on every write fails with `reason`, and an open transaction fails at its next
   * statement, so it rolls back whole. A shutdown calls this when its grace period is over.
   */
  interruptWrites(reason: Error): void;
  /** Lifts interruptWrites, once the interrupted work has rolled back (a shutdown's own last writes). */
  resumeWrites(): void;
  close(): void;
}

/** What a statement was, for the query-latency metric: one `execute`, a `batch`, or a whole transaction. */
export type QueryKind = 'read' | 'write' | 'batch' | 'transaction';
export type QueryObserver = (kind: QueryKind, seconds: number) => void;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export interface DatabaseOptions {
  url: string;
  authToken?: string;
  /** Optional read replica URL (scale-out, README "Running on a libSQL server"). */
  readUrl?: string;
  /** Read-your-writes window after a write (default 2 s; replica lag is normally a few ms). */
  readYourWritesMs?: number;
  /** Told the duration of every statement, batch and transaction, on the primary and the replica. */
  onQuery?: QueryObserver;
}

/** The file of an embedded database URL (`file:data/sprs.db` → `data/sprs.db`); null for `:memory:` and servers. */
export function localDatabasePath(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const path = url.slice('file:'.length).split('?')[0];
  return path && path !== ':memory:' ? path : null;
}

export const READ_YOUR_WRITES_MS = 2000;

export interface PreparedReads {
  /** The rows of a read-only statement as arrays of column values; `sql` must be constant text (each text is prepared once and kept). */
  rows(sql: string, args: readonly unknown[]): unknown[][];
}

/** Statements beyond this many texts mean a caller passes varying text: start over rather than grow. */
const PREPARED_MAX = 64;

/**
 * A connection of its own (the `libsql` driver under @libsql/client) for prepared reads of a local
 * database file. WAL gives it every committed write at once, as the client's own pool of
 * connections does; it never writes, so it needs no place in the write queue.
 */
function preparedReads(path: string, onQuery?: QueryObserver): { reads: PreparedReads; close(): void } {
  // Opened at the first read: most processes (tools, seeds, most tests) never make one.
  let connection: Sqlite.Database | null = null;
  const statements = new Map<string, Sqlite.Statement<unknown[]>>();
  return {
    reads: {
      rows(sql, args) {
        const t0 = performance.now();
        let statement = statements.get(sql);
        if (!statement) {
          connection ??= new Sqlite(path, { timeout: 5000 });
          if (statements.size >= PREPARED_MAX) statements.clear();
          statement = connection.prepare(sql).raw(true);
          statements.set(sql, statement);
        }
        try {
          return statement.all(...args) as unknown[][];
        } finally {
          onQuery?.('read', since(t0));
        }
      },
    },
    close() {
      statements.clear();
      connection?.close();
      connection = null;
    },
  };
}

// `timeout` is SQLite's busy timeout, applied by @libsql/client to every connection of its pool
// (a PRAGMA reaches only the connection that runs it).
function open(url: string, authToken?: string, onQuery?: QueryObserver): Client {
  const client = createClient({ url, authToken, intMode: 'number', timeout: 5000 });
  return onQuery ? timed(client, onQuery) : client;
}

/** Statements that change no rows: they neither queue as writes nor open the read-your-writes window. */
const READ_ONLY = /^\s*(SELECT|EXPLAIN|PRAGMA)\b/i;
const sqlOf = (stmt: unknown): string => (typeof stmt === 'string' ? stmt : ((stmt as { sql?: string })?.sql ?? ''));
const WRITE_WAIT_MS = 5000;

const since = (t0: number) => (performance.now() - t0) / 1000;

/**
 * Times every statement, batch and transaction of a client (the one place query latency is
 * measured). A transaction is timed from BEGIN to COMMIT or ROLLBACK; its statements count too.
 */
function timed(client: Client, onQuery: QueryObserver): Client {
  const timeCall = <T>(kind: QueryKind, run: () => Promise<T>) => {
    const t0 = performance.now();
    return run().finally(() => onQuery(kind, since(t0)));
  };
  type Method = (...a: unknown[]) => Promise<unknown>;
  const statements = (target: object, prop: string | symbol, value: Method) => {
    if (prop === 'execute') return (...a: unknown[]) => timeCall(READ_ONLY.test(sqlOf(a[0])) ? 'read' : 'write', () => value.apply(target, a));
    if (prop === 'batch') return (...a: unknown[]) => timeCall('batch', () => value.apply(target, a));
    return value.bind(target);
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop !== 'transaction') return statements(target, prop, value as Method);
      return async (...args: unknown[]) => {
        const t0 = performance.now();
        const tx = (await value.apply(target, args)) as Awaited<ReturnType<Client['transaction']>>;
        let ended = false;
        const end = () => {
          if (!ended) onQuery('transaction', since(t0));
          ended = true;
        };
        return new Proxy(tx, {
          get(t, k, r) {
            const v = Reflect.get(t, k, r);
            if (typeof v !== 'function') return v;
            if (k === 'commit' || k === 'rollback') return () => (v as () => Promise<void>).call(t).finally(end);
            if (k === 'close')
              return () => {
                end();
                return (v as () => void).call(t);
              };
            return statements(t, k, v as Method);
          },
        });
      };
    },
  });
}

/**
 * How long a transaction may keep the event loop to itself. An embedded database runs each
 * statement synchronously, so a long import would otherwise hold off signals, timers and health
 * probes until it commits; between statements it yields once this much time has passed.
 */
const YIELD_EVERY_MS = 50;
const yieldToEventLoop = () => new Promise<void>((ok) => setImmediate(ok));

/**
 * One writer at a time for a local database, queued in JS. SQLite allows one write transaction;
 * a second one from this process would otherwise wait in SQLite's busy handler, which blocks the
 * event loop, so the holder could never finish (SQLITE_BUSY after the busy timeout). A writer that
 * waits longer than WRITE_WAIT_MS fails as SQLite's busy timeout would.
 */
function writeQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return async (): Promise<() => void> => {
    let release!: () => void;
    const mine = new Promise<void>((ok) => (release = ok));
    const before = tail;
    tail = before.then(() => mine);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        before,
        new Promise((_, fail) => {
          timer = setTimeout(() => fail(new LibsqlError(`SQLITE_BUSY: another write held this database for more than ${WRITE_WAIT_MS} ms`, 'SQLITE_BUSY')), WRITE_WAIT_MS);
        }),
      ]);
    } catch (e) {
      release();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return release;
  };
}

/**
 * The primary client, watched for writes: every transaction, batch and data-changing statement
 * marks the time it ended, so readDb can route to the primary after it. For a local database the
 * writes also go through the write queue above.
 */
function watchWrites(client: Client, local: boolean, single = false) {
  const state = { lastWriteAt: Number.NEGATIVE_INFINITY, interrupted: null as Error | null };
  const queue = local ? writeQueue() : async () => () => {};
  const begin = async () => {
    if (state.interrupted) throw state.interrupted;
    const release = await queue();
    if (state.interrupted) {
      release();
      throw state.interrupted;
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      state.lastWriteAt = performance.now();
      release();
    };
  };
  const watched = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const call = (args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      if (prop === 'transaction')
        return async (...args: unknown[]) => {
          const end = await begin();
          let tx: Awaited<ReturnType<Client['transaction']>>;
          try {
            tx = (await call(args)) as typeof tx;
          } catch (e) {
            end();
            throw e;
          }
          let lastYield = performance.now();
          return new Proxy(tx, {
            get(t, k, r) {
              const v = Reflect.get(t, k, r);
              if (typeof v !== 'function') return v;
              if (k === 'commit' || k === 'rollback') return () => (v as () => Promise<void>).call(t).finally(end);
              if (k === 'execute' || k === 'batch' || k === 'executeMultiple')
                return async (...a: unknown[]) => {
                  if (performance.now() - lastYield > YIELD_EVERY_MS) {
                    await yieldToEventLoop();
                    lastYield = performance.now();
                  }
                  if (state.interrupted) throw state.interrupted;
                  return (v as (...x: unknown[]) => Promise<unknown>).apply(t, a);
                };
              if (k === 'close')
                return () => {
                  try {
                    return (v as () => void).call(t);
                  } finally {
                    end();
                  }
                };
              return v.bind(t);
            },
          });
        };
      const write = async (args: unknown[]) => {
        const end = await begin();
        try {
          return await call(args);
        } finally {
          end();
        }
      };
      if (prop === 'batch' || prop === 'migrate' || prop === 'executeMultiple') return (...args: unknown[]) => write(args);
      // An in-memory database has one connection, which an open transaction holds: its reads queue too.
      if (prop === 'execute') return (...args: unknown[]) => (!single && READ_ONLY.test(sqlOf(args[0])) ? call(args) : write(args));
      return value.bind(target);
    },
  });
  return { watched, state };
}

export async function createDatabase(opts: DatabaseOptions): Promise<Database> {
  const local = opts.url.startsWith('file:') || opts.url === ':memory:';
  const { watched: client, state } = watchWrites(open(opts.url, opts.authToken, opts.onQuery), local, opts.url === ':memory:');
  if (local) {
    // WAL lets readers run beside the single writer; busy_timeout absorbs short write contention.
    if (opts.url !== ':memory:') await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
    await client.execute('PRAGMA synchronous = NORMAL');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema, casing: 'snake_case' }) as Db;
  let replicaDb: Db | null = null;
  let readClient: Client | undefined;
  if (opts.readUrl) {
    readClient = open(opts.readUrl, opts.authToken, opts.onQuery);
    replicaDb = drizzle(readClient, { schema, casing: 'snake_case' }) as Db;
  }
  const window = opts.readYourWritesMs ?? READ_YOUR_WRITES_MS;
  const file = localDatabasePath(opts.url);
  // With a replica, checks read there (readDb), not here.
  const prepared = file && !opts.readUrl ? preparedReads(file, opts.onQuery) : null;
  return {
    db,
    client,
    prepared: prepared?.reads ?? null,
    get readDb() {
      // Uncommitted writes are invisible to every other connection, so only committed ones count.
      if (!replicaDb || performance.now() - state.lastWriteAt < window) return db;
      return replicaDb;
    },
    interruptWrites(reason: Error) {
      state.interrupted ??= reason;
    },
    resumeWrites() {
      state.interrupted = null;
    },
    close() {
      prepared?.close();
      client.close();
      readClient?.close();
    },
  };
}

/** A database is new when no migration has ever been applied to it. */
export async function isNewDatabase(database: Database): Promise<boolean> {
  const r = await database.client.execute("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'");
  return Number(r.rows[0].n) === 0;
}

/** Applies the committed migrations (idempotent). */
export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** A migrated in-memory database, for tests and tools. */
export async function createTestDatabase(url = ':memory:'): Promise<Database> {
  const d = await createDatabase({ url });
  await migrateDatabase(d);
  return d;
}
