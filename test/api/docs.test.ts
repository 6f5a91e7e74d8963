/**
 * The interactive API reference at /api/docs: served by the app itself (the reference's bundle from
 * node_modules through /assets, no CDN), reading the document the routes build, under a
 * Content-Security-Policy whose only addition, a nonce for the initialising script, is on this page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.js';
import { expectShows } from '../pages/expect-page.js';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env.close());

const scriptSrc = (csp: string) => /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1].trim().split(/\s+/) ?? [];

describe('GET /api/docs', () => {
  it('answers 200 with a page whose scripts and styles all come from this origin, reading /api/v1/openapi.json', async () => {
    const res = await env.app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    const urls = [...page.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(urls).toEqual(['/assets/swagger-ui/swagger-ui.css', '/assets/swagger-ui/swagger-ui-bundle.js']);
    // Swagger UI would otherwise send the document to validator.swagger.io for a badge.
    expectShows(page, ["url: '/api/v1/openapi.json'", 'validatorUrl: null']);
    expect(page).not.toMatch(/https?:\/\//);
  });

  it('serves the reference\'s stylesheet and bundle from the installed package, and the document it reads', async () => {
    for (const [path, type] of [
      ['/assets/swagger-ui/swagger-ui.css', /^text\/css/],
      ['/assets/swagger-ui/swagger-ui-bundle.js', /^text\/javascript/],
      ['/api/v1/openapi.json', /^application\/json/],
    ] as const) {
      const res = await env.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(type);
    }
  });

  it('allows its one inline script by a fresh nonce, and no other page gets one', async () => {
    const [first, second] = [await env.app.request('/api/docs'), await env.app.request('/api/docs')];
    const nonces = [];
    for (const res of [first, second]) {
      const sources = scriptSrc(res.headers.get('content-security-policy') ?? '');
      expect(sources).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/=_-]{16,}'$/)]);
      const nonce = sources[1].slice("'nonce-".length, -1);
      const page = await res.text();
      const inline = [...page.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)].map((m) => m[1]);
      expect(inline).toEqual([` nonce="${nonce}"`]);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
    for (const path of ['/sign-in', '/api/v1/openapi.json', '/assets/swagger-ui/swagger-ui-bundle.js']) {
      expect(scriptSrc((await env.app.request(path)).headers.get('content-security-policy') ?? ''), path).toEqual(["'self'"]);
    }
  });
});
