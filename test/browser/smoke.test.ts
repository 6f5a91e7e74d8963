import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, axeViolations, signIn, startServer, type BrowserSession, type Server } from './harness.js';

let server: Server;
let b: BrowserSession;
beforeAll(async () => {
  server = await startServer();
  await server.api('POST', '/api/v1/import', { companies: [{ cage: '1SM01', name: 'Smoke Test Co', hloCage: '1SM01' }] });
  const u = await server.api('POST', '/api/v1/users', { email: 'smoke@example.gov', role: 'CONTRACTING_OFFICER', password: 'smoke-test-password' });
  expect(u.status).toBe(201);
  b = await launchBrowser();
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
});

describe('sign-in in a real browser', () => {
  it('signs in by keyboard alone and shows who you are, with no serious accessibility violation', async () => {
    await b.page.goto(`${server.baseUrl}/sign-in`);
    expect(await axeViolations(b.page, 'sign-in')).toEqual([]);
    await signIn(b.page, server.baseUrl, 'smoke@example.gov', 'smoke-test-password');
    await expect(b.page.textContent('main')).resolves.toContain('Contracting officer');
    expect(await axeViolations(b.page, 'home')).toEqual([]);
  });
});
