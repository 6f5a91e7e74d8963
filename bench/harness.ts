/**
 * Process plumbing shared by the bench (bench/run.ts) and the scale-out tests (test/scale-out/):
 * free loopback ports, the real server started as `npm start` does, a sqld primary with a read
 * replica, and memory readings from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));

export const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `probe` resolves true, or throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000, alive: () => boolean = () => true): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    if (!alive()) throw new Error(`${what}: the process exited`);
    if (Date.now() > until) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await sleep(50);
  }
}

interface Child {
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
  alive: () => boolean;
}

/** Spawns a process in its own process group so that stop() ends it and everything it started. */
function spawnGroup(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv }): Child {
  const proc = spawn(cmd, args, { cwd: opts.cwd ?? PROJECT_DIR, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  const keep = (d: Buffer) => {
    log += d.toString();
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  let exited = false;
  const done = new Promise<void>((ok) => proc.on('exit', () => ((exited = true), ok())));
  const groupAlive = () => {
    try {
      process.kill(-proc.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    proc,
    log: () => log,
    alive: () => !exited,
    async stop() {
      if (groupAlive()) {
        try {
          process.kill(-proc.pid!, 'SIGTERM');
        } catch {
          // already gone
        }
        for (let i = 0; i < 50 && groupAlive(); i++) await sleep(100);
        if (groupAlive()) {
          try {
            process.kill(-proc.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      await Promise.race([done, sleep(2000)]);
      proc.stdout!.destroy();
      proc.stderr!.destroy();
    },
  };
}

export interface ServerHandle {
  base: string;
  port: number;
  /** The npm process (group leader). */
  pid: number;
  /** The node process that runs the server (dist/src/server.js, or src/server.ts under tsx): it holds the database and serves. */
  serverPid(): number | null;
  log(): string;
  stop(): Promise<void>;
}

/**
 * package.json's `start` with more node flags (Node refuses some, such as --cpu-prof, in NODE_OPTIONS),
 * so a profile runs exactly what `npm start` runs.
 */
function startWith(flags: string[]): string {
  const start = (JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  if (!start.startsWith('node ')) throw new Error(`package.json start does not begin with node: ${start}`);
  return `node ${flags.map((f) => `'${f.replace(/'/g, `'\\''`)}'`).join(' ')} ${start.slice('node '.length)}`;
}

/**
 * Starts the product as `npm start` does (prestart builds dist/ and migrates; then the server), on a free
 * loopback port, and waits until it answers.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 120_000, opts: { nodeFlags?: string[] } = {}): Promise<ServerHandle> {
  const port = await freePort();
  const childEnv = { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', ...env, PORT: String(port) };
  const child = opts.nodeFlags?.length ? spawnGroup('sh', ['-c', `npm run prestart --silent && exec ${startWith(opts.nodeFlags)}`], { env: childEnv }) : spawnGroup('npm', ['start', '--silent'], { env: childEnv });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor('server', async () => (await fetch(`${base}/api/v1/openapi.json`)).ok, timeoutMs, child.alive);
  } catch (e) {
    const log = child.log();
    await child.stop();
    throw new Error(`${(e as Error).message}\n${log.slice(-4000)}`);
  }
  return {
    base,
    port,
    pid: child.proc.pid!,
    serverPid: () => findProcess(child.proc.pid!, (cmd) => /\bsrc\/server\.[jt]s\b/.test(cmd)),
    log: child.log,
    stop: child.stop,
  };
}

/** All descendants of a process, read from /proc (Linux). */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(d), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) if (pp === p) (out.push(c), walk(c));
  };
  walk(root);
  return out;
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

/** The deepest process of the tree (root included) whose command line matches. */
export function findProcess(root: number, match: (cmd: string) => boolean): number | null {
  const found = [root, ...descendants(root)].filter((p) => match(cmdline(p)));
  return found.length ? found[found.length - 1] : null;
}

/** CPU seconds a process has used (utime + stime from /proc/<pid>/stat, 100 ticks/s); NaN once it has gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process in MiB: VmRSS now and VmHWM (its peak). */
export function memoryOf(pid: number): { rssMiB: number; hwmMiB: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

export interface SqldCluster {
  primaryUrl: string;
  replicaUrl: string | null;
  dir: string;
  stop(): Promise<void>;
  log(): string;
}

export const SQLD_BIN = join(PROJECT_DIR, 'node_modules', '.bin', 'sqld');

/**
 * A sqld primary and (optionally) one read replica on loopback, each with a fresh --db-path
 * (docs: shared/notes/stack.md "A real libSQL server").
 */
export async function startSqld(opts: { replica?: boolean } = {}): Promise<SqldCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'awardgate-sqld-'));
  const [http, grpc, admin] = [await freePort(), await freePort(), await freePort()];
  const primary = spawnGroup(SQLD_BIN, ['--no-welcome', '--db-path', join(dir, 'primary.sqld'), '--http-listen-addr', `127.0.0.1:${http}`, '--grpc-listen-addr', `127.0.0.1:${grpc}`, '--admin-listen-addr', `127.0.0.1:${admin}`], { cwd: dir });
  const children = [primary];
  const stop = async () => {
    for (const c of children.reverse()) await c.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const primaryUrl = `http://127.0.0.1:${http}`;
    await waitFor('sqld primary', async () => (await fetch(`${primaryUrl}/version`)).ok, 30_000, primary.alive);
    let replicaUrl: string | null = null;
    if (opts.replica !== false) {
      const rport = await freePort();
      const replica = spawnGroup(SQLD_BIN, ['--no-welcome', '--db-path', join(dir, 'replica.sqld'), '--http-listen-addr', `127.0.0.1:${rport}`, '--primary-grpc-url', `http://127.0.0.1:${grpc}`], { cwd: dir });
      children.push(replica);
      replicaUrl = `http://127.0.0.1:${rport}`;
      await waitFor('sqld replica', async () => (await fetch(`${replicaUrl}/version`)).ok, 30_000, replica.alive);
    }
    return { primaryUrl, replicaUrl, dir, stop, log: () => children.map((c) => c.log()).join('\n') };
  } catch (e) {
    const log = children.map((c) => c.log()).join('\n');
    await stop();
    throw new Error(`${(e as Error).message}\n${log.slice(-4000)}`);
  }
}
