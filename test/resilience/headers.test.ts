/**
 * Issue 12, finding 11 (the cookie is hard-auth's): answers to a signed-in caller are not cached,
 * attestation links are built from PUBLIC_URL rather than the Host header a client sends, and a
 * method the app does not serve answers 405 with `Allow`.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig, publicUrl } from '../../src/config.js';
import { assessment, importRecords, apiCaller, company, testEnv, type TestEnv } from '../helpers.js';
import { signInAs } from '../pages/page-helpers.js';
import { expectShows } from '../pages/expect-page.js';

let env: TestEnv;
const PASSWORD = 'headers-password-01';
beforeEach(async () => {
  env = await testEnv();
  // A Final L2 (Self) affirmed on its status date, 2026-06-01.
  await importRecords(env, { companies: [company('HD001')], assessments: [assessment('HDRF000001', ['HD001'], { level: 'L2_SELF' })] });
});
afterEach(() => env.close());

describe('Cache-Control: no-store for signed-in callers', () => {
  it('on signed-in pages and CSV exports, and on API answers to a bearer token', async () => {
    await env.user('owner@headers.test', 'CONTRACTOR', 'HD001', PASSWORD);
    await env.user('officer@headers.test', 'CONTRACTING_OFFICER', undefined, PASSWORD);
    const owner = await signInAs(env, 'owner@headers.test', PASSWORD);
    const officer = await signInAs(env, 'officer@headers.test', PASSWORD);
    for (const [who, path] of [
      [owner, '/'],
      [owner, '/company/uids'],
      [owner, '/company/uids.csv'],
      [owner, '/flowdown/register.csv'],
      [officer, '/officer/verifications/export'],
      [officer, '/officer/watch/export'],
      [officer, '/no-such-page'],
    ] as const) {
      const res = await who.get(path);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    const api = await env.api('GET', '/api/v1/uids/HDRF000001');
    expect(api.status).toBe(200);
    expect(api.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves public answers cacheable as they say (the JWKS)', async () => {
    const res = await env.app.request('/.well-known/jwks.json');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });
});

describe('attestation links come from PUBLIC_URL, never the Host header', () => {
  it('builds the shareable link on the configured origin whatever Host the request names', async () => {
    const token = await env.user('owner@headers.test', 'CONTRACTOR', 'HD001', PASSWORD);
    const app = createApp({ database: env.database, clock: env.clock, publicUrl: 'https://awardgate.example.gov/' });
    const res = await app.request('http://evil.example/api/v1/attestations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, host: 'evil.example' },
      body: JSON.stringify({ uids: ['HDRF000001'] }),
    });
    expect(res.status).toBe(201);
    expect((await res.json()).link).toMatch(/^https:\/\/awardgate\.example\.gov\/attestations\/shared\/[A-Za-z0-9_-]+$/);
    const page = await (await app.request('http://evil.example/attestations/verify')).text();
    expectShows(page, ['https://awardgate.example.gov/.well-known/jwks.json'], ['evil.example']);
  });

  it('is PUBLIC_URL, else http://localhost:PORT, in every environment (never the request origin)', () => {
    expect(publicUrl(loadConfig({ NODE_ENV: 'production', PORT: '8080' }))).toBe('http://localhost:8080');
    expect(publicUrl(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://sprs.example.mil/' }))).toBe('https://sprs.example.mil');
    expect(publicUrl(loadConfig({ NODE_ENV: 'development', PUBLIC_URL: 'https://sprs.example.mil' }))).toBe('https://sprs.example.mil');
    expect(publicUrl(loadConfig({ NODE_ENV: 'development' }))).toBe('http://localhost:3000');
  });
});

/** A raw HTTP/1.1 request to a real server of the app (fetch refuses TRACE before sending it). */
function rawRequest(port: number, method: string, path: string): Promise<{ status: number; allow: string | undefined; type: string | undefined }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      res.resume();
      res.on('end', () => ok({ status: res.statusCode ?? 0, allow: res.headers.allow, type: res.headers['content-type'] }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('methods the app does not serve', () => {
  it('answers TRACE over HTTP with 405 and Allow', async () => {
    const server = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((ok) => server.once('listening', ok));
    try {
      const port = (server.address() as AddressInfo).port;
      expect(await rawRequest(port, 'TRACE', '/')).toEqual({ status: 405, allow: 'GET, HEAD, POST', type: 'text/plain; charset=UTF-8' });
      expect(await rawRequest(port, 'TRACE', '/api/v1/checks')).toEqual({ status: 405, allow: 'GET, HEAD, POST', type: 'application/problem+json' });
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  it('answers PUT, DELETE, PATCH, OPTIONS and methods of other protocols 405 with Allow, as problem+json under /api/', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'FOO']) {
      for (const path of ['/', '/sign-in', '/assets/app/app.css', '/api/v1/checks']) {
        const res = await env.app.request(path, { method });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow'), `${method} ${path}`).toBe('GET, HEAD, POST');
        if (path.startsWith('/api/')) expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
    }
    const api = apiCaller(env.app);
    expect((await api('PUT', '/api/v1/checks')).json).toMatchObject({ status: 405, title: 'Method not allowed' });
  });

  it('still answers HEAD like GET', async () => {
    const res = await env.app.request('/sign-in', { method: 'HEAD' });
    expect(res.status).toBe(200);
  });
});
