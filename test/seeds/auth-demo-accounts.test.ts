/**
 * Issue 12, finding 7: demo accounts with a published password must not reach production. The
 * server refuses to start under NODE_ENV=production while the database holds an enabled demo
 * account, unless DEMO_SEED=on says so on purpose; a new production database is not seeded.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../db/client.js';
import { fixedClock } from '../../src/clock.js';
import { demoMode, loadConfig, seedsDemo } from '../../src/config.js';
import { createUser } from '../../src/services/users.js';
import { TEST_PASSWORD_HASH_N } from '../helpers.js';
import { expectShows } from '../pages/expect-page.js';

let dir: string;
let url: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awardgate-demo-'));
  url = `file:${join(dir, 'sprs.db')}`;
  const database = await createTestDatabase(url);
  await createUser({ database, clock: fixedClock('2026-11-23'), passwordHashN: TEST_PASSWORD_HASH_N }, null, { email: 'admin@awardgate.demo', role: 'ADMIN', password: 'AwardGate-demo-2026', demo: true });
  database.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `src/server.ts` as `npm start` runs it (without prestart); resolves with the exit code, or 'listening'. */
function start(env: Record<string, string>): Promise<{ outcome: number | 'listening'; output: string }> {
  const settings: Record<string, string | undefined> = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, ...env };
  for (const k of ['DEMO_SEED', 'ADMIN_API_TOKEN', 'SMTP_URL', 'TRUST_PROXY']) if (!(k in env)) delete settings[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: process.cwd(), env: settings, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const read = (d: Buffer) => {
      output += d;
      if (/listening on/.test(output)) {
        clearTimeout(timer);
        child.kill('SIGTERM');
        resolve({ outcome: 'listening', output });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ outcome: code ?? -1, output });
    });
  });
}

describe('demo accounts and production', () => {
  it('refuses to start under NODE_ENV=production with demo accounts, naming DEMO_SEED', async () => {
    const { outcome, output } = await start({ NODE_ENV: 'production' });
    expect(outcome).toBe(1);
    expectShows(output, [
      'AwardGate will not start: NODE_ENV=production and the database holds the demo accounts',
      'set DEMO_SEED=on to run the demo in production on purpose',
    ]);
  }, 90_000);

  it('starts with them when DEMO_SEED=on is explicit, and outside production', async () => {
    expect((await start({ NODE_ENV: 'production', DEMO_SEED: 'on' })).outcome).toBe('listening');
    expect((await start({ NODE_ENV: 'development' })).outcome).toBe('listening');
  }, 120_000);

  it('seeds a new database by default except in production, and is in demo mode outside production or with DEMO_SEED=on', () => {
    const config = (env: Record<string, string>) => loadConfig(env);
    expect(seedsDemo(config({}))).toBe(true);
    expect(seedsDemo(config({ NODE_ENV: 'production' }))).toBe(false);
    expect(seedsDemo(config({ NODE_ENV: 'production', DEMO_SEED: 'on' }))).toBe(true);
    expect(seedsDemo(config({ DEMO_SEED: 'off' }))).toBe(false);
    expect(demoMode(config({}))).toBe(true);
    expect(demoMode(config({ NODE_ENV: 'production' }))).toBe(false);
    expect(demoMode(config({ NODE_ENV: 'production', DEMO_SEED: 'on' }))).toBe(true);
  });

  it('refuses a TRUST_PROXY that is not on, off or a number of proxies, naming it', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow('TRUST_PROXY must be on, off, or the number of proxies in front of AwardGate (0–10)');
  });
});
