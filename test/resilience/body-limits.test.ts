/**
 * Issue 12, findings 1 and 2 (per-endpoint limits): one 400 MB multipart post to /sign-in took the
 * server to 1.55 GiB, and a 61 MB body to /api/v1/applicability held the event loop for 3 s. Every
 * route now takes a body up to what it accepts: a declared Content-Length above it is refused before
 * the body is read, a chunked body is cut off once it passes it. Sent here over real sockets to the
 * app served on loopback, signed out (the limit comes before any sign-in check).
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, testEnv, type TestEnv } from '../helpers.js';

let env: TestEnv;
let server: ServerType;
let port: number;
beforeAll(async () => {
  env = await testEnv();
  server = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((ok) => server.once('listening', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  env.close();
});

interface Outcome {
  status: number;
  /** Body bytes written before the answer came. */
  sent: number;
  ms: number;
  answer: string;
}

/**
 * Sends the request head, then body bytes in 64 KiB pieces (chunk-framed when `chunked`) until the
 * server answers or `max` bytes are out; resolves with the status line's code.
 */
function upload(path: string, headers: Record<string, string>, opts: { chunked: boolean; max: number }): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      resolve({ status, sent, ms: performance.now() - t0, answer });
    };
    socket.on('data', (b) => {
      answer += b.toString('latin1');
      if (/\r\n\r\n/.test(answer)) setTimeout(finish, 20);
    });
    socket.on('error', () => (answer ? finish() : reject(new Error(`no answer after ${sent} bytes`))));
    socket.on('close', finish);
    const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), ...(opts.chunked ? ['Transfer-Encoding: chunked'] : []), '', ''].join('\r\n');
    const piece = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (!done && sent < opts.max) {
        const framed = opts.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
        sent += piece.length;
        if (!socket.write(framed)) return void socket.once('drain', pump);
      }
    };
    socket.write(head, pump);
  });
}

const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

describe('a body larger than the route takes is refused while it streams, signed in or not', () => {
  const MULTIPART = { 'Content-Type': 'multipart/form-data; boundary=----x', Origin: `http://127.0.0.1` };
  const JSON_TYPE = { 'Content-Type': 'application/json' };

  it('answers a 400 MB Content-Length to /sign-in with 413 before reading it', async () => {
    const before = rssMiB();
    const r = await upload('/sign-in', { ...MULTIPART, 'Content-Length': String(400 * 2 ** 20) }, { chunked: false, max: 400 * 2 ** 20 });
    expect(r.status).toBe(413);
    expect(r.answer).toContain('larger than the 1 MiB this page takes');
    expect(r.sent).toBeLessThan(32 * 2 ** 20);
    expect(rssMiB() - before).toBeLessThan(64);
  });

  it('cuts off a chunked multipart body to /sign-in once it passes 1 MiB', async () => {
    const before = rssMiB();
    const r = await upload('/sign-in', MULTIPART, { chunked: true, max: 400 * 2 ** 20 });
    expect(r.status).toBe(413);
    expect(r.sent).toBeLessThan(32 * 2 ** 20);
    expect(rssMiB() - before).toBeLessThan(64);
  });

  it('answers a 400 MB Content-Length and a chunked body to an API route with 413 problem+json, without a token', async () => {
    const declared = await upload('/api/v1/applicability', { ...JSON_TYPE, 'Content-Length': String(400 * 2 ** 20) }, { chunked: false, max: 400 * 2 ** 20 });
    expect(declared.status).toBe(413);
    expect(declared.answer).toMatch(/content-type: application\/problem\+json/i);
    expect(declared.answer).toContain('The body is larger than the 16 KiB POST /api/v1/applicability accepts');
    const chunked = await upload('/api/v1/applicability', JSON_TYPE, { chunked: true, max: 400 * 2 ** 20 });
    expect(chunked.status).toBe(413);
    expect(chunked.sent).toBeLessThan(32 * 2 ** 20);
  });
});

describe('each route takes what it accepts', () => {
  /** A chunked body of `n` bytes (no Content-Length), in process. */
  const streamed = (n: number) =>
    new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let left = n; left > 0; left -= 65536) ctl.enqueue(new Uint8Array(Math.min(65536, left)).fill(0x20));
        ctl.close();
      },
    });
  const post = (path: string, body: ReadableStream<Uint8Array>, type = 'application/json') =>
    env.app.request(path, { method: 'POST', headers: { 'content-type': type, origin: 'http://localhost' }, body, duplex: 'half' } as RequestInit);

  it('takes 16 KiB for the applicability rule, 256 KiB for a check, 1 MiB for a form, and refuses one byte more', async () => {
    for (const [path, limit] of [
      ['/api/v1/applicability', 16 * 1024],
      ['/api/v1/checks', 256 * 1024],
      ['/api/v1/users', 64 * 1024],
    ] as const) {
      expect((await post(path, streamed(limit + 1))).status, path).toBe(413);
      // Within the limit the route reads it (whitespace is an empty JSON body; no token → 401).
      expect((await post(path, streamed(limit))).status, path).toBe(401);
    }
    expect((await post('/sign-in', streamed(2 ** 20 + 1), 'application/x-www-form-urlencoded')).status).toBe(413);
    expect((await post('/sign-in', streamed(2 ** 20), 'application/x-www-form-urlencoded')).status).toBe(422);
  });

  it('takes a results file of a few MiB on the assessor\'s form', async () => {
    expect((await post('/assessor/assessments/new', streamed(4 * 2 ** 20 + 1), 'application/x-www-form-urlencoded')).status).toBe(413);
    expect((await post('/assessor/assessments/new', streamed(2 * 2 ** 20), 'application/x-www-form-urlencoded')).status).toBe(303);
  });

  it('counts the import\'s body while it streams and cuts it off past 64 MiB (413 problem+json)', async () => {
    let left = 64 * 2 ** 20 + 1;
    const spaces = new Uint8Array(65536).fill(0x20);
    // Made as it is read, so the test holds no more of it than the server does.
    const body = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (left <= 0) return ctl.close();
        ctl.enqueue(spaces.subarray(0, Math.min(left, spaces.length)));
        left -= spaces.length;
      },
    });
    const res = await env.app.request('/api/v1/import', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413, detail: 'The body is larger than the 64 MiB POST /api/v1/import accepts' });
  }, 60_000);
});
