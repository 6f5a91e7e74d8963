/**
 * Issue 12, "Must show": generated requests to every route the app serves. The routes are read from
 * the app itself (a route added later is fuzzed without editing this file); each run picks a route,
 * a caller (signed out, a forged credential, or each role), a method (mostly the route's own, some
 * that no route serves), path parameters (real ids, hostile text, malformed percent-escapes), a
 * query string, headers and a body (JSON, form, multipart, raw bytes, deep nesting).
 *
 * Whatever arrives: never a 5xx; a refusal (4xx) changes no row of any table; the process's
 * resident memory grows less than RSS_GROWTH_MIB over the run. Seed and length: fuzz-settings.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_RUNS, FUZZ_SEED } from './fuzz-settings.js';
import { A, B, CALLERS, diffCounts, tableCounts, worldTemplate, type Caller, type World, type WorldTemplate } from './world.js';

const RSS_GROWTH_MIB = 300;

let w: World;
let template: WorldTemplate;
beforeAll(async () => {
  template = await worldTemplate();
}, 60_000);
afterAll(() => template?.remove());

interface Route {
  method: string;
  path: string;
}

/** Every (method, path) a handler answers, from the app's own router (middleware is registered as ALL). */
function servedRoutes(): Route[] {
  const seen = new Map<string, Route>();
  for (const r of (w.env.app as unknown as { routes: Route[] }).routes) if (r.method !== 'ALL') seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  // Signing out ends the caller's session, which the rest of the run needs.
  seen.delete('POST /sign-out');
  return [...seen.values()];
}

const MALFORMED = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%%', '%u0041', '..%2f..%2f', '%ED%A0%80', '%00', '%0d%0aX-Injected:%201'];
const HOSTILE = ['', ' ', '<script>alert(1)</script>', "' OR '1'='1", '__proto__', 'constructor', '-1', '1.5', '1e309', '9007199254740993', 'null', '../../etc/passwd', 'A'.repeat(5000), '\u202Eevil', '\u200B', '😀'];
const segment = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...MALFORMED) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ''))) },
);

/** Values that reach a handler past its parameter pattern: the world's real ids, per parameter name. */
function realValues(name: string): string[] {
  const ids = w.ids;
  switch (name) {
    case 'uid':
      return [A.final, A.cond, B.final, 'ZZZZ000001'];
    case 'cage':
      return [A.hlo, A.sub, B.hlo, 'ZZZ99'];
    case 'vid':
      return [ids.verification, ids.awardVerification, '00000000-0000-4000-8000-000000000000'];
    case 'action':
      return ['option', 'extension', 'new-uids'];
    default:
      return [ids.verification, ids.flowdownCheck, ids.aFlowdownCheck, ...[ids.solicitation, ids.offer, ids.contract, ids.draft, ids.official].map(String), '0', '999999999'];
  }
}

const PARAM = /:([A-Za-z]+)(\{[^}]*\})?|\*/g;

const QUERY_KEYS = ['page', 'limit', 'offset', 'asOf', 'q', 'uid', 'sort', 'dir', 'next', 'subCage', 'cage', 'from', 'to', 'status', 'id', '__proto__'];
const query = fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), fc.oneof(segment, fc.constantFrom('1', '0', '2026-11-23', '9999-12-31', '+010002-12-31', 'true'))), { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const BOUNDARY = 'fuzzBoundary7f3a';
type Body = { kind: string; type?: string; text?: string | Uint8Array };
const body: fc.Arbitrary<Body> = fc.oneof(
  fc.constant<Body>({ kind: 'none' }),
  fc.jsonValue({ maxDepth: 3 }).map((v): Body => ({ kind: 'json', type: 'application/json', text: JSON.stringify(v) })),
  fc.constantFrom(...HOSTILE).map((s): Body => ({ kind: 'json string', type: 'application/json', text: JSON.stringify({ name: s, uid: s, scope: s, date: s, contractNumber: s }) })),
  fc.integer({ min: 100, max: 5000 }).map((d): Body => ({ kind: 'deep json', type: 'application/json', text: deep(d) })),
  fc.constantFrom('{', '{"a":', '[1,2', '\u0000', '{"__proto__":{"polluted":1}}').map((t): Body => ({ kind: 'broken json', type: 'application/json', text: t })),
  fc.array(fc.tuple(fc.constantFrom('_csrf', 'name', 'uid', 'scope', 'date', 'level', 'email', 'json', 'page', 'next'), fc.constantFrom(...HOSTILE, ...MALFORMED)), { maxLength: 5 }).map(
    (pairs): Body => ({ kind: 'form', type: 'application/x-www-form-urlencoded', text: pairs.map(([k, v]) => `${k}=${v.startsWith('%') ? v : encodeURIComponent(v)}`).join('&') }),
  ),
  fc.constantFrom(...HOSTILE).map((s): Body => ({
    kind: 'multipart',
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    text: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="json"\r\n\r\n${s}\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.json"\r\nContent-Type: application/json\r\n\r\n{"assessments":[${JSON.stringify(s)}]}\r\n--${BOUNDARY}--\r\n`,
  })),
  fc.constantFrom(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated`, `--${BOUNDARY}\r\n\r\n\r\n`, 'not multipart at all').map((t): Body => ({ kind: 'broken multipart', type: `multipart/form-data; boundary=${BOUNDARY}`, text: t })),
  fc.uint8Array({ maxLength: 2048 }).map((b): Body => ({ kind: 'bytes', type: 'application/octet-stream', text: b })),
);

const headers = fc.record(
  {
    accept: fc.constantFrom('text/html', 'application/json', '*/*', 'text/csv', '\u0000'.replace('\u0000', '')),
    'hx-request': fc.constant('true'),
    'x-csrf-token': fc.constantFrom('forged', '', 'A'.repeat(300)),
    origin: fc.constantFrom('http://localhost', 'https://evil.example', 'null'),
    'content-type': fc.constantFrom('application/json; charset=utf-16', 'multipart/form-data', 'text/plain', 'application/x-www-form-urlencoded; charset=bogus', 'application/problem+json'),
    'if-none-match': fc.constantFrom('*', '"x"'),
    range: fc.constantFrom('bytes=0-1', 'bytes=999999999-', 'bytes=-'),
  },
  { requiredKeys: [] },
);

/** TRACE is not here: a fetch Request cannot carry it (headers.test.ts sends it over a socket). */
const METHODS_NO_ROUTE_SERVES = ['PUT', 'PATCH', 'DELETE', 'PROPFIND', 'OPTIONS'];

describe('every page and API route under generated requests, signed out and as each role', () => {
  it('never answers 5xx, a refusal writes nothing, and memory stays bounded', async () => {
    w = await template.copy();
    const routes = servedRoutes();
    // The router's own list: both sides of the app and pages with parameters are in it.
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.some((r) => r.path.startsWith('/api/v1/'))).toBe(true);

    const failures: string[] = [];
    const byStatus: Record<number, number> = {};
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const request = fc.record({
      route: fc.nat({ max: routes.length - 1 }),
      who: fc.constantFrom<Caller>(...CALLERS),
      method: fc.oneof({ weight: 6, arbitrary: fc.constant<string | null>(null) }, { weight: 1, arbitrary: fc.constantFrom<string | null>(...METHODS_NO_ROUTE_SERVES) }),
      params: fc.array(fc.oneof(fc.nat(), segment), { minLength: 4, maxLength: 4 }),
      query,
      headers,
      body,
      csrf: fc.boolean(),
    });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const route = routes[r.route];
        let i = 0;
        const path = route.path.replace(PARAM, (_m, name?: string) => {
          const v = r.params[i++ % r.params.length];
          if (typeof v !== 'number') return v;
          const real = realValues(name ?? '*');
          return name ? real[v % real.length] : ['app.css', 'htmx.min.js', 'index.html', '..%2fpackage.json'][v % 4];
        });
        const method = r.method ?? route.method;
        const h: Record<string, string> = { ...r.headers };
        const api = path.startsWith('/api/');
        const token = w.tokens[r.who];
        const session = w.sessions[r.who];
        if (api && token) h.authorization = `Bearer ${token}`;
        if (!api && session) h.cookie = session.cookie;
        if (!api && r.who === 'BAD') h.cookie = 'ag_session=forged-session-id-0000000000000000000000';
        let sent: string | Uint8Array | undefined;
        if (method !== 'GET' && method !== 'HEAD' && r.body.text !== undefined) {
          sent = r.body.text;
          if (r.body.type) h['content-type'] = r.body.type;
          if (r.csrf && session && typeof sent === 'string' && r.body.kind === 'form') sent = `_csrf=${encodeURIComponent(session.csrf)}&${sent}`;
        }
        if (r.csrf && session) h['x-csrf-token'] = session.csrf;
        const where = `${method} ${path.slice(0, 120)}${r.query.slice(0, 120)} as ${r.who} [${r.body.kind}]`;

        const before = await tableCounts(w.env.database);
        let status: number;
        try {
          const res = await w.env.app.request(path + r.query, { method, headers: h, body: sent as BodyInit | undefined });
          status = res.status;
          await res.arrayBuffer();
        } catch (e) {
          failures.push(`${where}: threw ${(e as Error).message}`);
          return;
        }
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        if (status >= 500) failures.push(`${where}: ${status}`);
        if (status >= 400) {
          const changed = diffCounts(before, await tableCounts(w.env.database));
          if (changed.length) failures.push(`${where}: refused (${status}) but wrote ${changed.join('; ')}`);
        }
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }),
      { seed: FUZZ_SEED, numRuns: 300 * FUZZ_RUNS },
    );

    const growthMiB = (rssPeak - rssBefore) / 2 ** 20;
    console.log(`routes fuzz: ${routes.length} routes, answers by status ${JSON.stringify(byStatus)}, RSS growth ${growthMiB.toFixed(0)} MiB`);
    expect(failures.slice(0, 20)).toEqual([]);
    // Refusals happened and were checked for writes; successes happened too (the requests were not all rejected at the door).
    expect(Object.entries(byStatus).some(([s, n]) => Number(s) >= 400 && n > 0)).toBe(true);
    expect(Object.entries(byStatus).some(([s, n]) => Number(s) < 400 && n > 0)).toBe(true);
    expect(growthMiB).toBeLessThan(RSS_GROWTH_MIB);
  }, 600_000);
});
