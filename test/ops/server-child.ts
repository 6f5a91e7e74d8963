/**
 * The server as an operator runs it in production: `node --import tsx src/server.ts` as a child
 * process (not `npm start`: npm does not pass SIGTERM on to the server), on a free loopback port
 * and the temp file database of test/resilience/server.ts, so a test can send it signals and read
 * its exit code and JSON log.
 */
import { spawn } from 'node:child_process';
import { freePort, serverEnv, type ServerDir } from '../resilience/server.js';

export const METRICS_TOKEN = 'ops-test-metrics-token-0123';

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended and its output is all read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  signal(sig: NodeJS.Signals): void;
  /** Everything the process wrote (JSON log lines). */
  log(): string;
  /** The log's JSON lines, parsed. */
  lines(): Record<string, any>[];
  /** SIGTERM, then SIGKILL if it has not ended within `ms`. */
  stop(ms?: number): Promise<void>;
}

export async function startServerProcess(d: ServerDir, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: process.cwd(),
    env: { ...serverEnv(d, port), LOG_LEVEL: 'info', METRICS_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  // 'close', not 'exit': 'exit' can come before the last of stdout has been read, and a test that read
  // the log then missed the shutdown's last line (twice in CI runs of 2026-11-30, on a loaded machine).
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.once('close', (code, signal) => ok({ code, signal })));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${baseUrl}/healthz`);
      await r.arrayBuffer();
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, any>);
  return {
    baseUrl,
    pid: child.pid!,
    exited,
    signal: (sig) => void child.kill(sig),
    log: () => out,
    lines,
    async stop(ms = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** One sample of a series from Prometheus text (`name{labels} value`); null when absent. */
export function sample(text: string, series: string): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return null;
}

export async function scrape(baseUrl: string): Promise<string> {
  const r = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (r.status !== 200) throw new Error(`/metrics answered ${r.status}`);
  return r.text();
}
