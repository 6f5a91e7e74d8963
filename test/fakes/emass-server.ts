/**
 * A fake CMMC eMASS, written for the tests from the contract in feeds.md §1 (nothing of the
 * published API description is copied): `GET /api/cmmc-assessments?sinceDate=<unix seconds>` with
 * `api-key` and `user-uid` headers, answering `{ meta: { code: 200 }, data: [...] }` with every
 * record changed after `sinceDate`, or an error envelope `{ meta: { code, errorMessage } }`.
 *
 * A real node:http (or https, requiring a client certificate) server on 127.0.0.1, port 0. The
 * body is written in chunks with back-pressure, so it can serve 100,000 records without building
 * the answer as one string. Failure modes are scripted per request (`script`), one per request.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

export type FakeAnswer =
  /** An error envelope with this status (and Retry-After, if given). */
  | { status: number; message?: string; retryAfter?: string }
  /** Wait before the status line (past the client's response timeout), then answer normally. */
  | { slowMs: number }
  /** A 200 whose body is not JSON. */
  | { notJson: true }
  /** A 200 that stops (the socket is destroyed) after this many records. */
  | { truncateAfter: number }
  /** A 200 with exactly this body. */
  | { body: string };

export interface FakeRequest {
  sinceDate: string | null;
  apiKey: string | null;
  userUid: string | null;
  /** With TLS: whether the client presented a certificate the CA signed. */
  clientCertificate: boolean;
}

/** Records changed at `changedAt` (Unix seconds); `count` records from `make(i)` without storing them. */
interface Source {
  changedAt: number;
  count: number;
  make: (i: number) => unknown;
}

export interface FakeEmass {
  url: string;
  apiKey: string;
  userUid: string;
  requests: FakeRequest[];
  /** Adds records that eMASS changed at `changedAt`. */
  put(changedAt: number, ...records: unknown[]): void;
  /** Adds `count` records made on demand (large runs), all changed at `changedAt`. */
  generate(changedAt: number, count: number, make: (i: number) => unknown): void;
  /** Forgets every record. */
  clear(): void;
  /** The next requests get these answers, one each, before normal service resumes. */
  script(...answers: FakeAnswer[]): void;
  /** Records per written chunk and a pause after each (to make a run last long enough to be killed). */
  pace(recordsPerChunk: number, pauseMs: number): void;
  close(): Promise<void>;
}

export interface FakeOptions {
  apiKey?: string;
  userUid?: string;
  /** PEM material: the server's key and certificate, and the CA that signs accepted client certificates. */
  tls?: { key: string | Buffer; cert: string | Buffer; ca: string | Buffer };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeEmass(opts: FakeOptions = {}): Promise<FakeEmass> {
  const apiKey = opts.apiKey ?? 'fake-emass-api-key';
  const userUid = opts.userUid ?? 'fake-user-uid';
  const sources: Source[] = [];
  const answers: FakeAnswer[] = [];
  const requests: FakeRequest[] = [];
  let perChunk = 500;
  let pauseMs = 0;

  const envelope = (res: ServerResponse, status: number, message?: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ meta: { code: status, ...(message ? { errorMessage: message } : {}) } }));
  };

  /** Streams the matching records; stops after `limit` records by destroying the socket. */
  async function serve(res: ServerResponse, since: number, limit = Number.POSITIVE_INFINITY) {
    res.writeHead(200, { 'content-type': 'application/json' });
    const write = async (s: string) => {
      if (!res.write(s)) await new Promise<void>((ok) => res.once('drain', () => ok()));
    };
    await write('{"meta":{"code":200},"data":[');
    let sent = 0;
    let chunk: string[] = [];
    for (const src of sources) {
      if (src.changedAt <= since) continue;
      for (let i = 0; i < src.count; i++) {
        if (sent >= limit) {
          if (chunk.length) await write((sent > chunk.length ? ',' : '') + chunk.join(','));
          await sleep(20);
          res.socket?.destroy();
          return;
        }
        chunk.push(JSON.stringify(src.make(i)));
        sent++;
        if (chunk.length >= perChunk) {
          await write((sent > chunk.length ? ',' : '') + chunk.join(','));
          chunk = [];
          if (pauseMs) await sleep(pauseMs);
          if (res.destroyed) return;
        }
      }
    }
    if (chunk.length) await write((sent > chunk.length ? ',' : '') + chunk.join(','));
    res.end(']}');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const socket = req.socket as TLSSocket;
    requests.push({
      sinceDate: url.searchParams.get('sinceDate'),
      apiKey: (req.headers['api-key'] as string) ?? null,
      userUid: (req.headers['user-uid'] as string) ?? null,
      clientCertificate: typeof socket.authorized === 'boolean' ? socket.authorized : false,
    });
    if (req.method !== 'GET') return envelope(res, 405, 'Method not allowed');
    if (url.pathname !== '/api/cmmc-assessments') return envelope(res, 404, 'No such endpoint');
    const answer = answers.shift();
    if (answer && 'slowMs' in answer) await sleep(answer.slowMs);
    if (res.destroyed) return;
    if (answer && 'status' in answer) return envelope(res, answer.status, answer.message, answer.retryAfter ? { 'retry-after': answer.retryAfter } : {});
    if (answer && 'notJson' in answer) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><body>Service temporarily unavailable</body></html>');
    }
    if (answer && 'body' in answer) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(answer.body);
    }
    if (req.headers['api-key'] !== apiKey) return envelope(res, 401, 'Invalid API key');
    if (req.headers['user-uid'] !== userUid) return envelope(res, 403, 'Unknown user');
    const since = url.searchParams.get('sinceDate');
    if (!since || !/^\d+$/.test(since)) return envelope(res, 400, 'sinceDate is required (Unix seconds)');
    await serve(res, Number(since), answer && 'truncateAfter' in answer ? answer.truncateAfter : undefined);
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => res.destroy());
  };
  const server = opts.tls
    ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert, ca: opts.tls.ca, requestCert: true, rejectUnauthorized: true }, listener)
    : http.createServer(listener);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    apiKey,
    userUid,
    requests,
    put: (changedAt, ...records) => sources.push({ changedAt, count: records.length, make: (i) => records[i] }),
    generate: (changedAt, count, make) => sources.push({ changedAt, count, make }),
    clear: () => void sources.splice(0),
    script: (...a) => void answers.push(...a),
    pace: (n, ms) => {
      perChunk = n;
      pauseMs = ms;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
