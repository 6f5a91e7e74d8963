/**
 * Issue 12, finding 8 (the sign-in redirect is hard-auth's): a 5,000-deep nested attestation payload
 * overflowed the stack (500 on the public verify page), and a malformed `%` escape under /assets
 * answered 500. Nesting is bounded before anything walks a value, and an address that does not
 * decode is a 400, wherever it is.
 */
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessment, importRecords, company, testEnv, type TestEnv } from '../helpers.js';

let env: TestEnv;
let kid: string;
beforeAll(async () => {
  env = await testEnv();
  // A Final L2 (Self) affirmed on its status date, 2026-06-01.
  await importRecords(env, { companies: [company('CR001')], assessments: [assessment('CRSH000001', ['CR001'], { level: 'L2_SELF' })] });
  // An attestation issued here, so the instance holds a signing key the deep token can name.
  const token = await env.user('owner@crash.test', 'CONTRACTOR', 'CR001');
  const issued = await env.api('POST', '/api/v1/attestations', { uids: ['CRSH000001'] }, token);
  expect(issued.status).toBe(201);
  kid = (await (await env.app.request('/.well-known/jwks.json')).json()).keys[0].kid;
});
afterAll(() => env.close());

const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('deeply nested JSON', () => {
  it('answers 5,000 levels of nesting with 400 on every JSON API route (413 where it is larger than the route takes)', async () => {
    const posts = [...new Set(env.app.routes.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v1/')).map((r) => r.path))];
    expect(posts.length).toBeGreaterThan(10);
    for (const route of posts) {
      const path = route.replace(':uid', 'CRSH000001').replace(':cage', 'CR001');
      for (const body of [deepObject(5000), deepArray(5000), `{"uids":${deepArray(5000)}}`]) {
        const res = await env.api('POST', path, body);
        if (res.status === 413) continue;
        expect(res.status, `${route} ${body.slice(0, 12)}`).toBe(400);
        expect(res.json.detail, route).toMatch(/more than 32 levels deep/);
      }
    }
  });

  it('reads a 5,000-deep attestation payload as a malformed token on the public page and the API', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'EdDSA', typ: 'awardgate-status-attestation+jwt', kid }));
    for (const payload of [deepObject(5000), deepArray(5000)]) {
      const token = `${header}.${base64url.encode(payload)}.${base64url.encode(new Uint8Array(64))}`;
      const api = await env.api('POST', '/api/v1/attestations/verify', { token });
      expect(api.status).toBe(200);
      expect(api.json).toMatchObject({ valid: false, claims: null, reasons: [{ code: 'ATTESTATION_MALFORMED' }] });
      const page = await env.app.request(`/attestations/verify?token=${token}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('This is not a signed attestation');
    }
  });
});

describe('percent-escapes that do not decode', () => {
  it('answers 400 under /assets, in a page path, in a query and in an API path', async () => {
    for (const path of ['/assets/uswds/%E0%A4%A', '/assets/app/%zz.css', '/company/uids/%E0%A4%A', '/uids?uid=%ZZ', '/attestations/verify?token=%E0%A4%A', '/sign-in?next=%']) {
      const res = await env.app.request(path);
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toContain('malformed percent-escape');
    }
    const api = await env.api('GET', '/api/v1/uids/%E0%A4%A');
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
  });

  it('still serves what a well-formed escape names', async () => {
    expect((await env.app.request('/assets/app/app%2Ecss')).status).toBe(200);
  });
});
