/**
 * kill -9 of the server during a 20,000-record eMASS sync started by POST /api/v1/emass/sync
 * (issue 9 "Resilience"): the server child (npm start, its own process group) is SIGKILLed once some
 * batches have committed; a new server on the same database file then syncs again (409 while the
 * dead run's lease lives, then the run) → every record applied exactly once, integrity_check ok.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeEmass } from '../fakes/emass-server.js';
import { slowFeed } from './feed-env.js';
import { expectKilledMidRun, one as oneRow, RECORDS, untilSomeBatchesCommitted } from './killed-run.js';
import { integrityCheck, query, serverDir, startServer, type Running, type ServerDir } from '../resilience/server.js';

/** Per company of ten records: scopes of 3, 3, 2 and 2 assessments, so 6 superseded (rules §3.5). */
const SUPERSEDED = (RECORDS / 10) * 6;

let d: ServerDir;
let fake: FakeEmass;
const servers: Running[] = [];

const one = <T>(sql: string) => oneRow<T>(d.url, sql);
const feedEnv = () => ({ EMASS_URL: fake.url, EMASS_API_KEY: fake.apiKey, EMASS_USER_UID: fake.userUid, EMASS_SINCE: '2025-01-01' });
const postSync = (s: Running) =>
  fetch(`${s.baseUrl}/api/v1/emass/sync`, { method: 'POST', headers: { authorization: `Bearer ${d.adminToken}` } }).then(async (r) => ({ status: r.status, json: await r.json() }));

beforeAll(async () => {
  d = serverDir('awardgate-emass-server-crash-');
  fake = await slowFeed(RECORDS);
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  await fake?.close();
  d?.remove();
});

describe('kill -9 of the server in the middle of a 20,000-record sync it started', () => {
  it('keeps every committed batch whole, and a new server applies every record exactly once', async () => {
    const first = await startServer(d, { env: feedEnv() });
    servers.push(first);
    // Answered only when the run ends, which it never does here: the connection dies with the server.
    const pending = postSync(first).catch(() => null);
    await untilSomeBatchesCommitted(d.url);
    await first.kill9();
    expect(await pending).toBeNull();

    const dead = await expectKilledMidRun(d.url);

    fake.pace(RECORDS, 0);
    const second = await startServer(d, { env: feedEnv() });
    servers.push(second);
    // The dead run's lease would lapse within its 15 s. The test lets time pass by moving its expiry
    // to at most 5 s from now rather than sleeping: until then a sync is refused as busy.
    await query(d.url, "UPDATE leases SET expires_at = min(expires_at, ?) WHERE name = 'emass-sync'", [new Date(Date.now() + 5_000).toISOString()]);
    let answer = await postSync(second);
    const until = Date.now() + 40_000;
    while (answer.status === 409 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await postSync(second);
    }
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json).toMatchObject({ outcome: 'SUCCEEDED', counts: { added: RECORDS - dead.added, updated: 0, withdrawn: 0, unchanged: dead.added, quarantined: 0 } });

    expect(await integrityCheck(d.url)).toBe('ok');
    expect(await one('SELECT count(*) AS n, count(DISTINCT uid) AS uids, min(uid) AS first, max(uid) AS last FROM assessments')).toEqual({ n: RECORDS, uids: RECORDS, first: 'BK00000000', last: 'BK00019999' });
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM assessments WHERE superseded_by_uid IS NOT NULL')).n).toBe(SUPERSEDED);
    expect(await query(d.url, 'SELECT id, outcome FROM emass_runs ORDER BY id')).toEqual([
      { id: dead.id, outcome: 'FAILED' },
      { id: dead.id + 1, outcome: 'SUCCEEDED' },
    ]);
  }, 240_000);
});
