/**
 * The product as it really runs, for the crash and soak tests: `npm start` as a child process in a
 * process group of its own (so SIGKILL reaches npm, tsx and node alike), on a free loopback port,
 * with a temp file database that survives a kill and is reused by the restart. Also runs
 * `npm run audit:verify` against that file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { jsonOrText } from '../helpers.js';

export const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });

export interface Running {
  baseUrl: string;
  pid: number;
  /** SIGKILL to the whole process group: no shutdown handler runs, nothing is flushed by us. */
  kill9: () => Promise<void>;
  stop: () => Promise<void>;
  log: () => string;
}

export interface ServerDir {
  dir: string;
  file: string;
  url: string;
  adminToken: string;
  remove: () => void;
}

export function serverDir(prefix = 'awardgate-resilience-'): ServerDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'sprs.db');
  return { dir, file, url: `file:${file}`, adminToken: `resilience-admin-${Math.random().toString(36).slice(2)}-token`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const gone = (child: ChildProcess) => new Promise<void>((ok) => (child.exitCode !== null || child.signalCode !== null ? ok() : child.once('exit', () => ok())));

/** The environment of a server child on `port` and the database of `d` (the demo data off, today pinned). */
export const serverEnv = (d: ServerDir, port: number, today = '2026-11-23'): NodeJS.ProcessEnv => ({
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  DATABASE_URL: d.url,
  ADMIN_API_TOKEN: d.adminToken,
  DEMO_SEED: 'off',
  APP_TODAY: today,
  NODE_ENV: 'production',
});

/** Starts `npm start` on the database of `d`; resolves once it answers HTTP. */
export async function startServer(d: ServerDir, opts: { today?: string; demoSeed?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Running> {
  const port = await freePort();
  let out = '';
  const child = spawn('npm', ['start', '--silent'], {
    cwd: process.cwd(),
    env: { ...serverEnv(d, port, opts.today), DEMO_SEED: opts.demoSeed ? 'on' : 'off', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${baseUrl}/sign-in`);
      await r.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
        throw new Error(`server did not start:\n${out.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const signal = async (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  return {
    baseUrl,
    pid: child.pid!,
    log: () => out,
    kill9: async () => {
      await signal('SIGKILL');
      await gone(child);
      // The group's other members (tsx, node) die with it; give the kernel a moment to reap them.
      await new Promise((r) => setTimeout(r, 100));
    },
    stop: async () => {
      await signal('SIGTERM');
      await Promise.race([gone(child), new Promise((r) => setTimeout(r, 3000))]);
      await signal('SIGKILL');
    },
  };
}

export interface Reply {
  status: number;
  json: any;
  ms: number;
}

/** One JSON API call over loopback. Network failures are answered as status 0. */
export async function call(baseUrl: string, token: string | null, method: string, path: string, body?: unknown): Promise<Reply> {
  const t0 = performance.now();
  try {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: jsonOrText(await res.text()), ms: performance.now() - t0 };
  } catch (e) {
    return { status: 0, json: String((e as Error).cause ?? e), ms: performance.now() - t0 };
  }
}

/** Runs an npm script (with `args` after `--`) as a child with DATABASE_URL set; resolves with its exit code and output. */
export function runScript(script: string, databaseUrl: string, args: string[] = []): Promise<{ code: number; out: string }> {
  return new Promise((ok) => {
    let out = '';
    const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], { cwd: process.cwd(), env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('close', (code) => ok({ code: code ?? -1, out }));
  });
}

/** `PRAGMA integrity_check` through a fresh libSQL connection on the file. */
export async function integrityCheck(url: string): Promise<string> {
  const client = createClient({ url, intMode: 'number' });
  try {
    const rows = (await client.execute('PRAGMA integrity_check')).rows;
    return rows.map((r) => String(Object.values(r)[0])).join('\n');
  } finally {
    client.close();
  }
}

/** Reads through a fresh connection (after a crash, before or after the restart). */
export async function query<T = Record<string, unknown>>(url: string, sql: string, args: (string | number)[] = []): Promise<T[]> {
  const client = createClient({ url, intMode: 'number' });
  try {
    return (await client.execute({ sql, args })).rows as unknown as T[];
  } finally {
    client.close();
  }
}
