/**
 * The request log (README "Operating AwardGate", log format): one JSON line per request carrying
 * the id the response returned in X-Request-Id, the route pattern, status, duration and actor, and
 * never a secret: a password signed in with, an API token sent as a bearer, a CSRF token posted with
 * a form, a session cookie. The lines are captured from the real logger (pino) of a real app.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/ops/logger.js';
import { testEnv, type TestEnv } from '../helpers.js';
import { signInAs } from '../pages/page-helpers.js';

const PASSWORD = 'Ops-log-password-7Qx!';

/** An app over the env's database whose log lines land in `lines`. */
function loggedApp(env: TestEnv) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(s) } });
  const app = createApp({ database: env.database, clock: env.clock, ops: { logger } });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
  return { app, lines, parsed, env: { ...env, app } as TestEnv };
}

describe('the request log', () => {
  it('writes one line per request with the id it returned, and no password, API token, CSRF token or session cookie', async () => {
    const env = await testEnv();
    const token = await env.user('officer@ops-log.test', 'CONTRACTING_OFFICER', undefined, PASSWORD);
    const { app, lines, parsed, env: logged } = loggedApp(env);

    // Sign in with the password (a form post), then post a form with the session's CSRF token.
    const session = await signInAs(logged, 'officer@ops-log.test', PASSWORD);
    expect(session.csrf).toMatch(/.{16,}/);
    const signOut = await session.post('/sign-out', {}, { 'x-request-id': 'ops-form-post-1' });
    expect(signOut.status).toBe(303);
    expect(signOut.headers.get('x-request-id')).toBe('ops-form-post-1');

    // The API with a bearer token, sending its own request id.
    const api = await app.request('/api/v1/uids/ABCDEFGHJK', { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'ops-api-call-1' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('x-request-id')).toBe('ops-api-call-1');

    const apiLines = parsed().filter((l) => l.reqId === 'ops-api-call-1');
    expect(apiLines).toHaveLength(1);
    expect(apiLines[0]).toMatchObject({ level: 'info', method: 'GET', route: '/api/v1/uids/:uid', status: 404, actorRole: 'CONTRACTING_OFFICER', msg: 'GET /api/v1/uids/:uid 404' });
    expect(apiLines[0].actorId).toEqual(expect.any(Number));
    expect(apiLines[0].durationMs).toEqual(expect.any(Number));
    expect(JSON.stringify(apiLines[0])).not.toContain('ABCDEFGHJK'); // the pattern, not the raw path

    const formLines = parsed().filter((l) => l.reqId === 'ops-form-post-1');
    expect(formLines).toHaveLength(1);
    expect(formLines[0]).toMatchObject({ method: 'POST', route: '/sign-out', status: 303, actorRole: 'CONTRACTING_OFFICER', actorId: apiLines[0].actorId });

    const signIns = parsed().filter((l) => l.method === 'POST' && l.route === '/sign-in');
    expect(signIns).toHaveLength(1);
    expect(signIns[0]).toMatchObject({ status: 303, actorId: null });

    const text = lines.join('');
    const sessionId = session.cookie.split('=')[1];
    expect(sessionId).toMatch(/.{16,}/);
    for (const secret of [PASSWORD, token, session.csrf, sessionId, encodeURIComponent(PASSWORD)]) expect(text).not.toContain(secret);
    env.close();
  });

  it('keeps a sane incoming request id and replaces one that is not (spaces, over 128 characters)', async () => {
    const env = await testEnv();
    const { app, parsed } = loggedApp(env);
    const sane = await app.request('/healthz', { headers: { 'x-request-id': 'lb-7f3a_2=' } });
    expect(sane.headers.get('x-request-id')).toBe('lb-7f3a_2=');
    for (const bad of ['two words', 'x'.repeat(129), 'id\u00e9']) {
      const r = await app.request('/sign-in', { headers: { 'x-request-id': bad } });
      const id = r.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(parsed().filter((l) => l.reqId === id)).toMatchObject([{ method: 'GET', route: '/sign-in', status: 200 }]);
    }
    env.close();
  });

  it('logs a request that failed with a 5xx once, at error level, with the stack and without the query parameters', async () => {
    const env = await testEnv();
    const token = await env.user('officer2@ops-log.test', 'CONTRACTING_OFFICER');
    const { app, parsed, lines } = loggedApp(env);
    env.database.close(); // every query now fails
    const r = await app.request('/api/v1/uids/ABCDEFGHJK', { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(500);
    const id = r.headers.get('x-request-id')!;
    const mine = parsed().filter((l) => l.reqId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ level: 'error', method: 'GET', route: '/api/v1/uids/:uid', status: 500 });
    expect(mine[0].err.stack).toMatch(/\n\s+at /);
    expect(lines).toHaveLength(1);
    // The failed query looked the token up by its SHA-256: neither the token nor its hash is logged.
    const text = lines.join('');
    expect(text).not.toContain(token);
    expect(text).not.toContain(createHash('sha256').update(token).digest('hex'));
  });

  it('logs probes and scrapes at debug level only', async () => {
    const env = await testEnv();
    const { app, lines } = loggedApp(env);
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await app.request('/readyz')).status).toBe(200);
    expect(lines).toEqual([]);
    env.close();
  });
});
