/**
 * The CMMC eMASS client (feeds.md §1, §3): `GET {EMASS_URL}/api/cmmc-assessments?sinceDate=…` with
 * the `api-key` and `user-uid` headers and, when configured, a client certificate (mutual TLS).
 *
 * - Network errors, timeouts, 5xx and 429 are retried with exponential back-off (bounded; a 429's
 *   Retry-After is honoured up to a cap). 401/403 fail at once naming the setting to fix; 490 and
 *   other 4xx fail with eMASS's `meta.errorMessage`.
 * - The body is parsed as a stream and handed out one record at a time: eMASS does not page, and a
 *   response of 100,000 records must never be held whole (README "The eMASS feed").
 * - Retries happen only before the body starts. Once records have been handed out, a broken body
 *   fails the run: the records already applied are committed, and the next run (whose cursor did
 *   not move) repairs the rest, since applying a record twice changes nothing.
 */
import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { JSONParser } from '@streamparser/json';
import type { EmassSettings } from './settings.js';

export type EmassErrorKind = 'auth' | 'rejected' | 'timeout' | 'network' | 'server' | 'malformed' | 'config' | 'aborted';

/** A failure talking to eMASS, with a message an administrator can act on. */
export class EmassError extends Error {
  constructor(
    readonly kind: EmassErrorKind,
    message: string,
    readonly detail: { status?: number; retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, detail.cause ? { cause: detail.cause } : undefined);
    this.name = 'EmassError';
  }
  get retryable(): boolean {
    return this.detail.retryable ?? false;
  }
}

export interface FetchOptions {
  signal?: AbortSignal;
  /** Told about each retry (the run lists them as warnings). */
  onRetry?: (message: string) => void;
}

interface Tls {
  cert?: Buffer;
  key?: Buffer;
  ca?: Buffer;
}

async function readTls(s: EmassSettings): Promise<Tls> {
  const read = async (file: string | null, setting: string) => {
    if (!file) return undefined;
    try {
      return await readFile(file);
    } catch (e) {
      throw new EmassError('config', `Cannot read the file ${file} named by ${setting}: ${(e as Error).message}.`, { cause: e });
    }
  };
  return { cert: await read(s.clientCertFile, 'EMASS_CLIENT_CERT'), key: await read(s.clientKeyFile, 'EMASS_CLIENT_KEY'), ca: await read(s.caCertFile, 'EMASS_CA_CERT') };
}

const CLIENT_CERT_REFUSED = /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|HANDSHAKE_FAILURE|ACCESS_DENIED)/;
const SERVER_CERT_UNTRUSTED = /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/** A socket-level failure in words, retryable unless it is about certificates. */
function networkError(e: unknown, host: string, mtls: boolean): EmassError {
  if (e instanceof EmassError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? '';
  if (err.name === 'AbortError') return new EmassError('aborted', `The run stopped: ${String((err.cause as Error)?.message ?? err.message)}.`, { cause: e });
  if (CLIENT_CERT_REFUSED.test(code) || CLIENT_CERT_REFUSED.test(err.message)) {
    return new EmassError('auth', `eMASS refused the TLS handshake (${code || err.message}): check the client certificate, EMASS_CLIENT_CERT and EMASS_CLIENT_KEY${mtls ? '' : ' (none is configured)'}.`, { cause: e });
  }
  if (SERVER_CERT_UNTRUSTED.test(code)) {
    return new EmassError('config', `eMASS's server certificate is not trusted (${code}): set EMASS_CA_CERT to the CA that signs it, or check EMASS_URL.`, { cause: e });
  }
  return new EmassError('network', `Cannot reach eMASS at ${host} (${code || err.message}).`, { retryable: true, cause: e });
}

const sentence = (e: unknown) => String((e as Error)?.message ?? e).replace(/\.+$/, '');

/** `Retry-After` in seconds or as an HTTP date, in milliseconds. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

async function readSmall(res: IncomingMessage, limit = 64 * 1024): Promise<string> {
  let out = '';
  for await (const chunk of res) {
    if (out.length < limit) out += chunk.toString('utf8');
  }
  return out.slice(0, limit);
}

/** eMASS's error envelope: `{ meta: { code, errorMessage } }`. */
function errorMessageOf(body: string): string | null {
  try {
    const m = JSON.parse(body)?.meta?.errorMessage;
    return typeof m === 'string' && m.trim() ? m.trim() : null;
  } catch {
    return null;
  }
}

/** A non-200 answer as a typed error (feeds.md §3). */
async function statusError(res: IncomingMessage, url: URL): Promise<EmassError> {
  const status = res.statusCode ?? 0;
  const said = errorMessageOf(await readSmall(res).catch(() => ''));
  const tail = said ? `: ${said}` : '';
  if (status === 401) return new EmassError('auth', `eMASS refused the API key (401${tail}): check EMASS_API_KEY.`, { status });
  if (status === 403) return new EmassError('auth', `eMASS refused access (403${tail}): check EMASS_USER_UID and the client certificate (EMASS_CLIENT_CERT, EMASS_CLIENT_KEY).`, { status });
  if (status === 490) return new EmassError('rejected', `eMASS refused the request (490, an API rule failed): ${said ?? 'no message given'}.`, { status });
  if (status === 429) return new EmassError('server', `eMASS asked us to slow down (429${tail}).`, { status, retryable: true, retryAfterMs: retryAfterMs(res.headers['retry-after']) });
  if (status >= 500) return new EmassError('server', `eMASS answered ${status}${tail}.`, { status, retryable: true, retryAfterMs: retryAfterMs(res.headers['retry-after']) });
  if (status === 404) return new EmassError('rejected', `eMASS has no ${url.pathname} (404${tail}): check EMASS_URL.`, { status });
  if (status >= 300 && status < 400) return new EmassError('rejected', `eMASS answered ${status} (a redirect to ${res.headers.location ?? 'nowhere'}): check EMASS_URL.`, { status });
  return new EmassError('rejected', `eMASS refused the request (${status}): ${said ?? 'no message given'}.`, { status });
}

/** One request; resolves with the 200 response (headers read, body not yet), or throws a typed error. */
function requestOnce(s: EmassSettings, url: URL, tls: Tls, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  const mtls = !!tls.cert;
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, {
      method: 'GET',
      headers: { 'api-key': s.apiKey, 'user-uid': s.userUid, accept: 'application/json' },
      // A fresh connection per request, so socket timeouts never outlive this call.
      agent: false,
      signal,
      ...(url.protocol === 'https:' ? { cert: tls.cert, key: tls.key, ca: tls.ca } : {}),
    });
    const fail = (e: EmassError) => req.destroy(e);
    const connectTimer = setTimeout(() => fail(new EmassError('timeout', `Could not connect to eMASS at ${url.host} within ${s.connectTimeoutMs / 1000} s.`, { retryable: true })), s.connectTimeoutMs);
    const answerTimer = setTimeout(() => fail(new EmassError('timeout', `eMASS did not answer within ${s.responseTimeoutMs / 1000} s.`, { retryable: true })), s.responseTimeoutMs);
    req.on('socket', (socket) => {
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (e) => {
      clearTimeout(connectTimer);
      clearTimeout(answerTimer);
      reject(networkError(e, url.host, mtls));
    });
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      clearTimeout(answerTimer);
      if (res.statusCode === 200) {
        res.socket.setTimeout(s.idleTimeoutMs, () => res.destroy(new EmassError('timeout', `eMASS stopped sending for ${s.idleTimeoutMs / 1000} s in the middle of its answer.`)));
        resolve(res);
      } else statusError(res, url).then(reject, reject);
    });
    req.end();
  });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((ok, fail) => {
    if (signal?.aborted) return fail(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      ok();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      fail(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Sends the request, retrying what may be retried, until a 200 arrives. */
async function answer(s: EmassSettings, sinceSeconds: number, opts: FetchOptions): Promise<IncomingMessage> {
  const url = new URL(`${s.url}/api/cmmc-assessments`);
  url.searchParams.set('sinceDate', String(sinceSeconds));
  const tls = await readTls(s);
  const { attempts, baseDelayMs, maxDelayMs, retryAfterCapMs } = s.retry;
  for (let attempt = 1; ; attempt++) {
    try {
      return await requestOnce(s, url, tls, opts.signal);
    } catch (e) {
      const err = networkError(e, url.host, !!tls.cert);
      if (!err.retryable) throw err;
      if (attempt >= attempts) throw new EmassError(err.kind, `${err.message} Gave up after ${attempts} attempts.`, { ...err.detail, retryable: false, cause: err });
      const asked = err.detail.retryAfterMs;
      if (asked !== undefined && asked > retryAfterCapMs) {
        throw new EmassError(err.kind, `${err.message} eMASS asked to wait ${Math.ceil(asked / 1000)} s, longer than a run waits (${retryAfterCapMs / 1000} s); the next run will try again.`, { ...err.detail, retryable: false });
      }
      // Exponential back-off with ±20% jitter, so instances that failed together do not retry together.
      const delay = asked ?? Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      const wait = delay < 1000 ? `${Math.round(delay)} ms` : `${(delay / 1000).toFixed(1)} s`;
      opts.onRetry?.(`${err.message} Retried after ${wait} (attempt ${attempt + 1} of ${attempts}).`);
      await sleep(delay, opts.signal).catch((reason) => {
        throw networkError(Object.assign(new Error(String(reason?.message ?? reason)), { name: 'AbortError', cause: reason }), url.host, !!tls.cert);
      });
    }
  }
}

/**
 * The records eMASS changed after `sinceSeconds`, one at a time as the body streams in. Throws an
 * EmassError before the first record (after retries) or while streaming (no retry then).
 */
export async function* fetchCmmcAssessments(s: EmassSettings, sinceSeconds: number, opts: FetchOptions = {}): AsyncGenerator<unknown> {
  const res = await answer(s, sinceSeconds, opts);
  const type = res.headers['content-type'] ?? 'no content type';
  // keepStack false: a record is dropped from the parser once handed out, so memory stays flat.
  const parser = new JSONParser({ paths: ['$.meta', '$.data', '$.data.*'], keepStack: false, stringBufferSize: 64 * 1024 });
  const ready: unknown[] = [];
  let sawData = false;
  let problem: EmassError | null = null;
  let handedOut = 0;
  parser.onValue = ({ value, key, parent, stack }) => {
    if (stack.length === 1 && key === 'meta') {
      const m = value as { code?: unknown; errorMessage?: unknown } | null;
      if (m && typeof m === 'object' && m.code !== undefined && m.code !== 200) {
        problem = new EmassError('rejected', `eMASS answered 200 with meta.code ${String(m.code)}: ${typeof m.errorMessage === 'string' ? m.errorMessage : 'no message given'}.`);
      }
    } else if (stack.length === 1 && key === 'data') {
      if (!Array.isArray(value)) problem = new EmassError('malformed', `eMASS's answer has "data" that is not an array (${value === null ? 'null' : typeof value}).`);
      sawData = true;
    } else if (stack.length === 2 && Array.isArray(parent)) {
      ready.push(value);
      // `$.data` is emitted too (to tell `"data": []` from no data), so the parser keeps the array's
      // members; drop each as the parser itself does for keepStack false, so memory stays flat.
      if (parent[parent.length - 1] === value) parent.length -= 1;
    }
  };
  let first = true;
  try {
    for await (const chunk of res) {
      try {
        parser.write(chunk as Buffer);
      } catch (e) {
        const start = first ? ` It begins "${(chunk as Buffer).subarray(0, 60).toString('utf8').replace(/\s+/g, ' ')}".` : '';
        throw new EmassError('malformed', `eMASS's answer is not valid JSON (${type}): ${sentence(e)}.${start}`, { cause: e });
      }
      first = false;
      if (problem) throw problem;
      for (const record of ready.splice(0)) {
        handedOut++;
        yield record;
      }
    }
    if (first) throw new EmassError('malformed', `eMASS's answer is empty (${type}).`);
    try {
      // The parser ends by itself once the top-level value is complete.
      if (!parser.isEnded) parser.end();
    } catch (e) {
      throw new EmassError('malformed', `eMASS's answer ended before its JSON was complete (${sentence(e)}).`, { cause: e });
    }
    if (problem) throw problem;
    for (const record of ready.splice(0)) yield record;
    if (!sawData) throw new EmassError('malformed', `eMASS's answer has no "data" array (${type}).`);
  } catch (e) {
    if (e instanceof EmassError) throw e;
    const err = networkError(e, new URL(s.url).host, !!s.clientCertFile);
    throw new EmassError(err.kind, `The connection to eMASS broke after ${handedOut} record${handedOut === 1 ? '' : 's'}: ${err.message}`, { cause: e });
  } finally {
    res.destroy();
  }
}
