/**
 * Issue 12, finding 5: "100 wrong passwords in 6.8 s, then the right one worked." Sign-in pauses per
 * account and per client address (429 with Retry-After, doubling pauses), a right password during a
 * pause does not sign in, the account holder is told, and every attempt is in the audit log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../db/client.js';
import { createApp } from '../../src/app.js';
import { fixedClock, type Clock } from '../../src/clock.js';
import { ensureAdminToken } from '../../src/services/users.js';
import { ADMIN_TOKEN, apiCaller, company, TEST_PASSWORD_HASH_N, testEnv, TODAY, type TestEnv } from '../helpers.js';
import { formBody } from './page-helpers.js';
import { expectShows } from './expect-page.js';

const PASSWORD = 'quarterly brass lantern';
const EMAIL = 'ao@acme.example';
const START = new Date(`${TODAY}T15:00:00Z`);

let env: TestEnv;
let now: Date;
const clock: Clock = { ...fixedClock(TODAY), now: () => now };

beforeEach(async () => {
  now = START;
  env = await testEnv(TODAY, clock);
  await env.api('POST', '/api/v1/import', { companies: [company('1AB23')] });
  await env.user(EMAIL, 'CONTRACTOR', '1AB23', PASSWORD);
});
afterEach(() => env.close());

type App = TestEnv['app'];
/** A sign-in post from a client address (the socket's, as @hono/node-server hands it over). */
function signIn(email: string, password: string, opts: { address?: string; headers?: Record<string, string>; app?: App } = {}) {
  return (opts.app ?? env.app).request(
    '/sign-in',
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...opts.headers }, body: formBody({ email, password }) },
    { incoming: { socket: { remoteAddress: opts.address ?? '198.51.100.7' } } },
  );
}

const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => /ag_session=/.test(c));
const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

async function rows(sql: string) {
  return (await env.database.client.execute(sql)).rows;
}

describe('sign-in throttle per account', () => {
  it('pauses the account after 10 wrong passwords: the right password then gets 429 with Retry-After, and no session', async () => {
    for (let i = 1; i <= 10; i++) expect((await signIn(EMAIL, `wrong guess number ${i}`)).status, `attempt ${i}`).toBe(422);
    const right = await signIn(EMAIL, PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBe('60');
    expect(sessionCookie(right)).toBeUndefined();
    expect(await right.text()).toContain('sign-in is paused for 1 minute');
    expect(await rows("SELECT count(*) AS n FROM sessions")).toEqual([expect.objectContaining({ n: 0 })]);
  });

  it('lets the right password in once the pause is over, and the count starts again', async () => {
    for (let i = 1; i <= 10; i++) await signIn(EMAIL, `wrong guess number ${i}`);
    later(61);
    const res = await signIn(EMAIL, PASSWORD);
    expect(res.status).toBe(303);
    expect(sessionCookie(res)).toBeDefined();
    expect(await rows("SELECT key FROM sign_in_throttle WHERE key LIKE 'account:%'")).toEqual([]);
  });

  it('doubles the pause with each failure after one: 1 minute, then 2, then 4', async () => {
    for (let i = 1; i <= 10; i++) await signIn(EMAIL, `wrong guess number ${i}`);
    later(61);
    expect((await signIn(EMAIL, 'wrong guess eleven')).status).toBe(422);
    const second = await signIn(EMAIL, PASSWORD);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('120');
    later(121);
    expect((await signIn(EMAIL, 'wrong guess twelve')).status).toBe(422);
    expect((await signIn(EMAIL, PASSWORD)).headers.get('retry-after')).toBe('240');
  });

  it('pauses an e-mail that has no account exactly like one that has (nothing tells them apart)', async () => {
    for (let i = 1; i <= 10; i++) expect((await signIn('nobody@acme.example', `guess ${i}`)).status).toBe(422);
    const res = await signIn('nobody@acme.example', 'guess 11');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
  });

  it('holds the pause on every instance sharing the database', async () => {
    const other = createApp({ database: env.database, clock, passwordHashN: TEST_PASSWORD_HASH_N });
    for (let i = 1; i <= 10; i++) await signIn(EMAIL, `wrong guess number ${i}`, { app: i % 2 ? env.app : other });
    expect((await signIn(EMAIL, PASSWORD, { app: other })).status).toBe(429);
  });

  it('counts a burst of parallel guesses before any is checked, so no more than 10 are tried', async () => {
    // A database file, as a server has (an in-memory test database has one connection for everyone).
    const dir = mkdtempSync(join(tmpdir(), 'awardgate-throttle-'));
    const database = await createTestDatabase(`file:${join(dir, 'sprs.db')}`);
    try {
      await ensureAdminToken({ database, clock }, ADMIN_TOKEN);
      const app = createApp({ database, clock, passwordHashN: TEST_PASSWORD_HASH_N });
      const api = apiCaller(app);
      expect((await api('POST', '/api/v1/import', { companies: [company('1AB23')] })).status).toBe(201);
      expect((await api('POST', '/api/v1/users', { email: EMAIL, role: 'CONTRACTOR', companyCage: '1AB23', password: PASSWORD })).status).toBe(201);
      const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => signIn(EMAIL, i === 15 ? PASSWORD : `parallel guess ${i}`, { app })));
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s !== 429 && s !== 422 && s !== 303)).toEqual([]);
      // At most 10 attempts were checked at all; the 6 others were refused unseen.
      expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    } finally {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('sign-in throttle per client address', () => {
  it('pauses an address after 30 failures spread over many accounts, whatever account it tries next; X-Forwarded-For is ignored without TRUST_PROXY', async () => {
    // Each guess claims another address in X-Forwarded-For: anyone can send that header, so it counts for nothing.
    for (let i = 1; i <= 30; i++) {
      const res = await signIn(`user${i}@acme.example`, 'spray password 2026!', { headers: { 'x-forwarded-for': `203.0.113.${i}` } });
      expect(res.status, `attempt ${i}`).toBe(422);
    }
    const res = await signIn(EMAIL, PASSWORD, { headers: { 'x-forwarded-for': '203.0.113.200' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    // Another address is not paused.
    expect((await signIn(EMAIL, PASSWORD, { address: '192.0.2.44' })).status).toBe(303);
  }, 180_000);

  it('behind TRUST_PROXY takes the address the proxy added to X-Forwarded-For, not the one the client wrote', async () => {
    const proxied = createApp({ database: env.database, clock, auth: { trustProxy: 1 }, passwordHashN: TEST_PASSWORD_HASH_N });
    const via = (client: string, spoofed: string) => ({ app: proxied, address: '10.0.0.2', headers: { 'x-forwarded-for': `${spoofed}, ${client}` } });
    for (let i = 1; i <= 30; i++) await signIn(`user${i}@acme.example`, 'spray password 2026!', via('203.0.113.9', `192.0.2.${i}`));
    expect((await signIn(EMAIL, PASSWORD, via('203.0.113.9', '192.0.2.99'))).status).toBe(429);
    // Same proxy socket, another client behind it: not paused.
    expect((await signIn(EMAIL, PASSWORD, via('203.0.113.10', '192.0.2.99'))).status).toBe(303);
  }, 180_000);
});

describe('telling the account holder, and the audit log', () => {
  it('writes one SIGN_IN_LOCKED notice to the account holder, with its e-mail in the outbox, when the pause starts', async () => {
    for (let i = 1; i <= 12; i++) {
      await signIn(EMAIL, `wrong guess number ${i}`);
      later(61);
    }
    const notices = await rows("SELECT n.kind, n.subject, n.deadline, n.user_id, o.to_address, o.state FROM notifications n JOIN notification_outbox o ON o.notification_id = n.id");
    // Three pauses on one day: one notice (nobody can flood a mailbox by failing on purpose).
    expect(notices).toEqual([expect.objectContaining({ kind: 'SIGN_IN_LOCKED', subject: EMAIL, deadline: TODAY, to_address: EMAIL, state: 'PENDING' })]);
    const [detail] = await rows("SELECT detail_json FROM notifications");
    expect(JSON.parse(String(detail.detail_json))).toEqual({ failures: 10, pausedUntil: '2026-11-23T15:10:09.000Z', address: '198.51.100.7' });
  });

  it('logs failures and the success in the hash-chained audit log, without the password', async () => {
    await signIn(EMAIL, 'wrong guess number 1');
    await signIn(EMAIL, PASSWORD);
    const log = await rows("SELECT action, entity_id, detail_json FROM audit_log WHERE action LIKE 'session.%' ORDER BY id");
    const [{ id }] = await rows(`SELECT id FROM users WHERE email = '${EMAIL}'`);
    expect(log.map((r) => [r.action, r.entity_id])).toEqual([
      ['session.sign_in_failed', String(id)],
      ['session.sign_in', String(id)],
    ]);
    expect(JSON.parse(String(log[0].detail_json))).toEqual({ reason: 'PASSWORD', address: '198.51.100.7' });
    const all = (await rows('SELECT detail_json FROM audit_log')).map((r) => String(r.detail_json)).join('\n');
    expectShows(all, [], ['wrong guess', PASSWORD]);
  });
});
