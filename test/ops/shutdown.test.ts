/**
 * A clean shutdown (README "Operating AwardGate"), against the real server process:
 * - SIGTERM while 20 checks are in flight (their bodies half sent, so they are surely on the
 *   server): no new connection is accepted, all 20 are answered with their verdict, exit 0;
 * - SIGTERM while a long import is in its transaction, with SHUTDOWN_GRACE_SECONDS=0.05: the import is
 *   cut off at the deadline and rolls back whole (nothing of it stored), the exit code is 75 and the
 *   log line names what was cut off.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { call, integrityCheck, query, serverDir, type ServerDir } from '../resilience/server.js';
import { sample, scrape, startServerProcess, type ServerProcess } from './server-child.js';

const COMPANY = 'SD001';
const UIDS = Array.from({ length: 8 }, (_, i) => `SHDN00000${i}`);

let d: ServerDir | undefined;
let s: ServerProcess | undefined;
afterEach(async () => {
  await s?.stop(3000);
  d?.remove();
  s = d = undefined;
});

/** A Final Level 2 (Self) status of 2026-06-01 affirmed that day: current on 2026-11-23. */
const current = (uid: string, cage: string) => ({ uid, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [cage], scope: `Scope ${uid}`, score: 110, affirmations: [{ date: '2026-06-01', name: 'AO', title: 'CEO' }] });

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A POST whose body goes out in two halves: `finish()` sends the rest; `answer` is status and JSON. */
function halfSent(baseUrl: string, path: string, token: string, body: unknown) {
  const bytes = Buffer.from(JSON.stringify(body));
  const half = Math.floor(bytes.length / 2);
  const url = new URL(path, baseUrl);
  const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': bytes.length, authorization: `Bearer ${token}` } });
  const answer = new Promise<{ status: number; json: any; connection: string | undefined }>((ok, fail) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => ok({ status: res.statusCode!, json: JSON.parse(text), connection: res.headers.connection }));
    });
    req.on('error', fail);
  });
  req.write(bytes.subarray(0, half));
  return { answer, finish: () => req.end(bytes.subarray(half)) };
}

describe('SIGTERM', () => {
  it('during 20 in-flight checks: stops accepting, answers all 20, exits 0', async () => {
    d = serverDir('awardgate-shutdown-');
    s = await startServerProcess(d);
    const server = s;
    expect((await call(server.baseUrl, d.adminToken, 'POST', '/api/v1/import', { companies: [{ cage: COMPANY, name: 'Shutdown Co', hloCage: COMPANY }], assessments: UIDS.map((u) => current(u, COMPANY)) })).status).toBe(201);
    const officer = (await call(server.baseUrl, d.adminToken, 'POST', '/api/v1/users', { email: 'officer@shutdown.test', role: 'CONTRACTING_OFFICER' })).json.apiToken;

    const checks = Array.from({ length: 20 }, (_, i) =>
      halfSent(server.baseUrl, '/api/v1/checks', officer, { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: UIDS, solicitationNumber: `SHUTDOWN-${i}` }),
    );
    // All 20 are on the server (the scrape counts itself too).
    await waitFor('20 checks in flight', async () => sample(await scrape(server.baseUrl), 'awardgate_http_requests_in_flight') === 21);

    server.signal('SIGTERM');
    await waitFor('the shutdown to begin', async () => server.lines().some((l) => l.msg?.startsWith('shutting down on SIGTERM')));
    expect(server.lines().find((l) => l.msg?.startsWith('shutting down'))).toMatchObject({ level: 'info', signal: 'SIGTERM', inFlight: 20 });
    // No new connections once it shuts down.
    expect((await call(server.baseUrl, null, 'GET', '/healthz')).status).toBe(0);

    for (const c of checks) c.finish();
    const answers = await Promise.all(checks.map((c) => c.answer));
    expect(answers.map((a) => [a.status, a.json.eligible, a.json.uids.map((u: { eligible: boolean }) => u.eligible)])).toEqual(
      Array.from({ length: 20 }, () => [200, true, UIDS.map(() => true)]),
    );
    expect(answers.every((a) => a.connection === 'close')).toBe(true);

    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.lines().at(-1)).toMatchObject({ level: 'info', exitCode: 0, msg: 'shutdown complete: all work finished' });
    expect(server.lines().filter((l) => l.route === '/api/v1/checks')).toHaveLength(20);
  }, 120_000);

  it('during a long import past SHUTDOWN_GRACE_SECONDS: the import rolls back whole and the exit code says so', async () => {
    d = serverDir('awardgate-shutdown-import-');
    s = await startServerProcess(d, { SHUTDOWN_GRACE_SECONDS: '0.05' });
    const server = s;
    // 30,000 records in one batch (one transaction): once its first inserts are counted, the rest take
    // far longer than the 50 ms grace on any machine. (A 1 s grace was once outrun on a fast runner.)
    const cage = 'SDX01';
    const uids = Array.from({ length: 30_000 }, (_, i) => `SDBG${String(i).padStart(6, '0')}`);
    const body = { companies: [{ cage, name: 'Long import', hloCage: cage }], assessments: uids.map((u) => current(u, cage)) };
    const before = await scrape(server.baseUrl);
    const writes = (text: string) => sample(text, 'awardgate_db_query_duration_seconds_count{kind="write"}') ?? 0;
    const writesBefore = writes(before);
    const importing = call(server.baseUrl, d.adminToken, 'POST', '/api/v1/import', body);
    // Its transaction is under way once its inserts are being counted.
    await waitFor('the import inside its transaction', async () => writes(await scrape(server.baseUrl)) >= writesBefore + 5, 60_000);

    server.signal('SIGTERM');
    const reply = await importing;
    expect(reply.status).toBe(500);
    expect(reply.json.detail).toBe('The server could not complete the request; nothing was changed by it');
    const exit = await server.exited;
    expect(exit).toEqual({ code: 75, signal: null });

    const lines = server.lines();
    expect(lines.find((l) => l.msg?.startsWith('shutdown grace period over'))).toMatchObject({ level: 'error', cutOff: ['POST /api/v1/import'], graceSeconds: 0.05 });
    expect(lines.at(-1)).toMatchObject({ level: 'error', exitCode: 75, cutOff: ['POST /api/v1/import'], msg: 'shutdown complete: work was cut off (POST /api/v1/import) and rolled back' });
    expect(lines.find((l) => l.route === '/api/v1/import')).toMatchObject({ level: 'error', status: 500, err: { message: expect.stringContaining('the server is shutting down and its grace period is over') } });

    // Nothing of the import is stored; the file is sound.
    expect(await integrityCheck(d.url)).toBe('ok');
    expect(await query(d.url, 'SELECT count(*) AS n FROM assessments')).toEqual([{ n: 0 }]);
    expect(await query(d.url, 'SELECT count(*) AS n FROM affirmations')).toEqual([{ n: 0 }]);
    expect(await query(d.url, 'SELECT count(*) AS n FROM companies WHERE cage = ?', [cage])).toEqual([{ n: 0 }]);
    expect(await query(d.url, "SELECT count(*) AS n FROM audit_log WHERE action = 'import'")).toEqual([{ n: 0 }]);
    // The shutdown still released this instance's lease: the deployment can be restored at once.
    expect(await query(d.url, "SELECT count(*) AS n FROM leases WHERE name LIKE 'instance:%'")).toEqual([{ n: 0 }]);
  }, 180_000);
});
