/**
 * `npm run emass:sync` (api.md "The eMASS feed"): the same settings as the server, the run's counts
 * printed, and an exit code a scheduler can act on: 0 succeeded, 1 failed, 2 not configured,
 * 3 another run holds the lease.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, migrateDatabase } from '../../db/client.js';
import { emassRecord, secondsOf } from '../fakes/emass-records.js';
import { startFakeEmass, type FakeEmass } from '../fakes/emass-server.js';
import { serverDir, type ServerDir } from '../resilience/server.js';
import { expectShows } from '../pages/expect-page.js';

let d: ServerDir;
let fake: FakeEmass;

function cli(env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  return new Promise((ok) => {
    const child = spawn('npm', ['run', '--silent', 'emass:sync'], { cwd: process.cwd(), env: { ...process.env, DATABASE_URL: d.url, APP_TODAY: '2026-11-23', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('close', (code) => ok({ code, out }));
  });
}
const emassEnv = (over: Record<string, string> = {}) => ({ EMASS_URL: fake.url, EMASS_API_KEY: fake.apiKey, EMASS_USER_UID: fake.userUid, EMASS_SINCE: '2026-01-01', ...over });

beforeAll(async () => {
  d = serverDir('awardgate-emass-cli-');
  fake = await startFakeEmass();
  fake.put(secondsOf('2026-06-01'), emassRecord(), emassRecord({ uid: 'L20000003' }));
});
afterAll(async () => {
  await fake?.close();
  d?.remove();
});

describe('npm run emass:sync', () => {
  it('prints the counts and quarantined records of a run that succeeded, and exits 0', async () => {
    const r = await cli(emassEnv());
    expect(r.code, r.out).toBe(0);
    expectShows(r.out, [
      'SUCCEEDED (records changed since 2026-01-01T05:00:00.000Z): 1 added, 0 updated, 0 withdrawn, 0 unchanged, 1 quarantined',
      'quarantined L20000003 ADDED: The UID "L20000003" is not a CMMC UID',
    ]);
  }, 60_000);

  it('exits 1 when the run failed, with the error naming the setting to fix', async () => {
    const r = await cli(emassEnv({ EMASS_API_KEY: 'not-the-key' }));
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/FAILED \(records changed since .+\): 0 added/);
    expect(r.out).toContain('error: eMASS refused the API key (401: Invalid API key): check EMASS_API_KEY.');
  }, 60_000);

  it('exits 2 when EMASS_URL is not set', async () => {
    const r = await cli({ EMASS_URL: undefined });
    expect(r.code).toBe(2);
    expect(r.out).toContain('EMASS_URL is not set: there is no eMASS to sync from.');
  }, 60_000);

  it('exits 3 while another run holds the lease', async () => {
    const database = await createDatabase({ url: d.url });
    await migrateDatabase(database);
    await database.client.execute({ sql: "INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES ('emass-sync', 'another-instance', ?, ?)", args: [new Date().toISOString(), new Date(Date.now() + 120_000).toISOString()] });
    try {
      const r = await cli(emassEnv());
      expect(r.code).toBe(3);
      expect(r.out).toContain('Another eMASS sync is running (it holds the lease)');
    } finally {
      await database.client.execute("DELETE FROM leases WHERE name = 'emass-sync'");
      database.close();
    }
  }, 60_000);
});
