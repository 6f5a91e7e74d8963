/**
 * kill -9 during an eMASS sync (feeds.md §3: a run's writes commit in batches; a crash loses no
 * acknowledged state and the next run repairs the rest; the cursor only moves when a run succeeds).
 * `npm run emass:sync` runs as a child process in a process group of its own against a temp file
 * database and a fake eMASS serving 20,000 records; the group is SIGKILLed once some batches have
 * committed. Then: `PRAGMA integrity_check` is ok, the committed rows agree with the dead run's
 * counts, and a second `npm run emass:sync` applies every record exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeEmass } from '../fakes/emass-server.js';
import { slowFeed } from './feed-env.js';
import { expectKilledMidRun, one as oneRow, RECORDS, untilSomeBatchesCommitted } from './killed-run.js';
import { integrityCheck, query, serverDir, type ServerDir } from '../resilience/server.js';

/** Per company of ten records: scopes of 3, 3, 2 and 2 assessments, so 6 superseded (rules §3.5). */
const SUPERSEDED = (RECORDS / 10) * 6;

let d: ServerDir;
let fake: FakeEmass;

function sync(args: string[] = []): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; out: string }> } {
  const child = spawn('npm', ['run', '--silent', 'emass:sync', '--', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: d.url, EMASS_URL: fake.url, EMASS_API_KEY: fake.apiKey, EMASS_USER_UID: fake.userUid, EMASS_SINCE: '2025-01-01', APP_TODAY: '2026-11-23' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  return { child, done: new Promise((ok) => child.on('close', (code, signal) => ok({ code, signal, out }))) };
}

const one = <T>(sql: string) => oneRow<T>(d.url, sql);

beforeAll(async () => {
  d = serverDir('awardgate-emass-crash-');
  fake = await slowFeed(RECORDS);
});

afterAll(async () => {
  await fake?.close();
  d?.remove();
});

describe('kill -9 of npm run emass:sync in the middle of a 20,000-record run', () => {
  it('keeps every committed batch whole, and the next run applies every record exactly once', async () => {
    const first = sync();
    await untilSomeBatchesCommitted(d.url, () => first.child.exitCode !== null);
    expect(first.child.exitCode, 'the first run was still running').toBeNull();
    process.kill(-first.child.pid!, 'SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');

    const dead = await expectKilledMidRun(d.url);
    expect((await one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'emass.apply'")).n).toBe(dead.added / 2_000);

    // The dead run's lease would lapse within its 15 s. The test lets time pass by moving its expiry
    // to at most 5 s from now rather than sleeping: the next run waits for what is left of it.
    await query(d.url, "UPDATE leases SET expires_at = min(expires_at, ?) WHERE name = 'emass-sync'", [new Date(Date.now() + 5_000).toISOString()]);
    const second = sync(['--wait', '40']);
    const done = await second.done;
    expect(done.code, done.out).toBe(0);
    expect(done.out).toContain(`SUCCEEDED (records changed since 2025-01-01T05:00:00.000Z): ${RECORDS - dead.added} added, 0 updated, 0 withdrawn, ${dead.added} unchanged, 0 quarantined`);

    expect(await integrityCheck(d.url)).toBe('ok');
    expect(await one('SELECT count(*) AS n, count(DISTINCT uid) AS uids, min(uid) AS first, max(uid) AS last FROM assessments')).toEqual({ n: RECORDS, uids: RECORDS, first: 'BK00000000', last: 'BK00019999' });
    expect(await query(d.url, 'SELECT added_by_emass_run AS run, count(*) AS n FROM assessments GROUP BY added_by_emass_run ORDER BY run')).toEqual([
      { run: dead.id, n: dead.added },
      { run: dead.id + 1, n: RECORDS - dead.added },
    ]);
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM assessments WHERE superseded_by_uid IS NOT NULL')).n).toBe(SUPERSEDED);
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM companies')).n).toBe((RECORDS / 10) * 5);
    expect(await query(d.url, 'SELECT id, outcome, error IS NOT NULL AS failed FROM emass_runs ORDER BY id')).toEqual([
      { id: dead.id, outcome: 'FAILED', failed: 1 },
      { id: dead.id + 1, outcome: 'SUCCEEDED', failed: 0 },
    ]);
    console.log(`emass crash: killed after ${dead.added} of ${RECORDS} records; the next run added ${RECORDS - dead.added} and found ${dead.added} unchanged`);
  }, 180_000);
});
