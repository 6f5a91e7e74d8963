/**
 * The API reference (/api/docs) in a real browser: it renders the operations of the document the
 * routes build, every request it makes stays on this origin (no CDN, no validator badge), and the
 * page's Content-Security-Policy (a nonce for its one inline script) refuses nothing it needs.
 */
import { describe, expect, it } from 'vitest';
import { journey } from './journey.js';

const j = journey();

describe('GET /api/docs in a real browser', () => {
  it('shows every operation of /api/v1/openapi.json, loading nothing from another origin and breaking no CSP rule', async () => {
    const requested: string[] = [];
    const refused: string[] = [];
    j.b.page.on('request', (r) => requested.push(r.url()));
    j.b.page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    j.b.page.on('pageerror', (e) => refused.push(String(e)));
    const res = await j.b.page.goto(`${j.server.baseUrl}/api/docs`);
    expect(res?.status()).toBe(200);
    await j.b.page.waitForSelector('.opblock', { timeout: 60_000 });
    const operations = await j.b.page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.getAttribute('data-path')));
    expect(operations).toEqual(expect.arrayContaining(['/checks', '/uids/{uid}', '/flowdown-checks/register.csv']));
    expect(requested).toContain(`${j.server.baseUrl}/api/v1/openapi.json`);
    expect(requested.filter((u) => !u.startsWith(`${j.server.baseUrl}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(refused).toEqual([]);
  });
});
