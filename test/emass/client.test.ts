/**
 * The eMASS client against a fake eMASS of our own (test/fakes/emass-server.ts), over real
 * sockets: the request it sends, the body read as a stream, and each failure mode of feeds.md §3
 * (retried: network errors, timeouts, 5xx, 429; at once: 401/403 naming the setting, 490 and other
 * 4xx with eMASS's message, a body that is not JSON), and mutual TLS with throwaway certificates.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EmassError, fetchCmmcAssessments } from '../../src/services/emass/client.js';
import type { EmassSettings } from '../../src/services/emass/settings.js';
import { makeTestCerts, type TestCerts } from '../fakes/certs.js';
import { emassRecord, secondsOf } from '../fakes/emass-records.js';
import { startFakeEmass, type FakeEmass } from '../fakes/emass-server.js';
import { settingsFor } from './feed-env.js';

const SINCE = 1767243600; // 2026-01-01T05:00:00Z
const uids = (n: number) => Array.from({ length: n }, (_, i) => `EM0000000${i}`);

async function drain(s: EmassSettings, since = SINCE) {
  const records: any[] = [];
  const retries: string[] = [];
  let error: EmassError | null = null;
  try {
    for await (const r of fetchCmmcAssessments(s, since, { onRetry: (m) => retries.push(m) })) records.push(r);
  } catch (e) {
    if (!(e instanceof EmassError)) throw e;
    error = e;
  }
  return { records, retries, error };
}

let fake: FakeEmass;
beforeAll(async () => {
  fake = await startFakeEmass();
});
afterAll(() => fake.close());
afterEach(() => {
  fake.clear();
  fake.requests.splice(0);
  fake.pace(500, 0);
});

describe('the request (feeds.md §1)', () => {
  it('asks for the records changed after sinceDate, with the api-key and user-uid headers', async () => {
    fake.put(secondsOf('2025-12-01'), emassRecord({ uid: 'EMOLD00001' }));
    fake.put(secondsOf('2026-06-01'), ...uids(3).map((uid) => emassRecord({ uid })));
    const { records, error } = await drain(settingsFor(fake));
    expect(error).toBeNull();
    expect(records.map((r) => r.cmmcUid)).toEqual(uids(3));
    expect(fake.requests).toEqual([{ sinceDate: '1767243600', apiKey: 'fake-emass-api-key', userUid: 'fake-user-uid', clientCertificate: false }]);
  });

  it('hands out each record while the body is still arriving', async () => {
    fake.put(secondsOf('2026-06-01'), ...uids(3).map((uid) => emassRecord({ uid })));
    fake.pace(1, 400);
    const seen: number[] = [];
    const t0 = performance.now();
    for await (const _ of fetchCmmcAssessments(settingsFor(fake), SINCE)) seen.push(performance.now() - t0);
    const end = performance.now() - t0;
    expect(seen).toHaveLength(3);
    // The first record came at least two pauses before the body ended.
    expect(end - seen[0]).toBeGreaterThanOrEqual(700);
  });
});

describe('retried: 5xx, 429, timeouts and network errors (feeds.md §3)', () => {
  it('retries a 500 and then reads the answer, telling what it retried', async () => {
    fake.put(secondsOf('2026-06-01'), emassRecord());
    fake.script({ status: 500, message: 'Internal error' });
    const { records, retries, error } = await drain(settingsFor(fake));
    expect(error).toBeNull();
    expect(records).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatch(/^eMASS answered 500: Internal error\. Retried after \d+ ms \(attempt 2 of 3\)\.$/);
  });

  it('gives up after the last attempt', async () => {
    fake.script({ status: 503 }, { status: 502 }, { status: 500, message: 'Internal error' });
    const { error } = await drain(settingsFor(fake));
    expect(error?.message).toBe('eMASS answered 500: Internal error. Gave up after 3 attempts.');
    expect(error?.kind).toBe('server');
    expect(fake.requests).toHaveLength(3);
  });

  it('waits as long as a 429 asks (Retry-After), within its cap', async () => {
    fake.put(secondsOf('2026-06-01'), emassRecord());
    fake.script({ status: 429, retryAfter: '1' });
    const t0 = performance.now();
    const { records, error } = await drain(settingsFor(fake));
    expect(error).toBeNull();
    expect(records).toHaveLength(1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1000);
  });

  it('does not wait for a Retry-After longer than its cap: the next run tries again', async () => {
    fake.script({ status: 429, retryAfter: '3600' });
    const { error } = await drain(settingsFor(fake));
    expect(error?.message).toBe('eMASS asked us to slow down (429). eMASS asked to wait 3600 s, longer than a run waits (2 s); the next run will try again.');
    expect(fake.requests).toHaveLength(1);
  });

  it('times out a slow answer, retries, and reads the next', async () => {
    fake.put(secondsOf('2026-06-01'), emassRecord());
    fake.script({ slowMs: 1500 });
    const { records, retries, error } = await drain(settingsFor(fake, { responseTimeoutMs: 300 }));
    expect(error).toBeNull();
    expect(records).toHaveLength(1);
    expect(retries[0]).toMatch(/^eMASS did not answer within 0\.3 s\. Retried/);
  });

  it('fails when every attempt is slower than the timeout', async () => {
    fake.script({ slowMs: 1000 }, { slowMs: 1000 }, { slowMs: 1000 });
    const { error } = await drain(settingsFor(fake, { responseTimeoutMs: 200 }));
    expect(error?.message).toBe('eMASS did not answer within 0.2 s. Gave up after 3 attempts.');
    expect(error?.kind).toBe('timeout');
  });

  it('retries a refused connection and names the host', async () => {
    const port = await new Promise<number>((ok) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => ok(p));
      });
    });
    const { error, retries } = await drain(settingsFor({ url: `http://127.0.0.1:${port}`, apiKey: 'k', userUid: 'u' }));
    expect(error?.message).toBe(`Cannot reach eMASS at 127.0.0.1:${port} (ECONNREFUSED). Gave up after 3 attempts.`);
    expect(retries).toHaveLength(2);
  });
});

describe('failing at once: 401/403 name the setting, 490 and other 4xx carry eMASS\'s message (feeds.md §3)', () => {
  it('fails a 401 at once, naming EMASS_API_KEY', async () => {
    const { error } = await drain(settingsFor(fake, { apiKey: 'wrong' }));
    expect(error?.message).toBe('eMASS refused the API key (401: Invalid API key): check EMASS_API_KEY.');
    expect(error?.kind).toBe('auth');
    expect(fake.requests).toHaveLength(1);
  });

  it('fails a 403 at once, naming EMASS_USER_UID and the client certificate', async () => {
    const { error } = await drain(settingsFor(fake, { userUid: 'someone-else' }));
    expect(error?.message).toBe('eMASS refused access (403: Unknown user): check EMASS_USER_UID and the client certificate (EMASS_CLIENT_CERT, EMASS_CLIENT_KEY).');
    expect(fake.requests).toHaveLength(1);
  });

  it('fails a 490 at once with eMASS\'s errorMessage', async () => {
    fake.script({ status: 490, message: 'sinceDate is further back than the API allows' });
    const { error } = await drain(settingsFor(fake));
    expect(error?.message).toBe('eMASS refused the request (490, an API rule failed): sinceDate is further back than the API allows.');
    expect(error?.kind).toBe('rejected');
    expect(fake.requests).toHaveLength(1);
  });

  it('fails a 404 at once, naming EMASS_URL', async () => {
    const { error } = await drain(settingsFor(fake, { url: `${fake.url}/wrong` }));
    expect(error?.message).toBe('eMASS has no /wrong/api/cmmc-assessments (404: No such endpoint): check EMASS_URL.');
  });
});

describe('bodies that cannot be read', () => {
  it('fails clearly on a body that is not JSON', async () => {
    fake.script({ notJson: true });
    const { error } = await drain(settingsFor(fake));
    expect(error?.kind).toBe('malformed');
    expect(error?.message).toMatch(/^eMASS's answer is not valid JSON \(text\/html\): .+\. It begins "<html><body>Service temporarily unavailable<\/body><\/html>"\.$/);
  });

  it('fails on an answer without a data array, and on an empty answer', async () => {
    fake.script({ body: '{"meta":{"code":200}}' }, { body: '{"meta":{"code":200},"data":null}' }, { body: '' });
    expect((await drain(settingsFor(fake))).error?.message).toBe('eMASS\'s answer has no "data" array (application/json).');
    expect((await drain(settingsFor(fake))).error?.message).toBe('eMASS\'s answer has "data" that is not an array (null).');
    expect((await drain(settingsFor(fake))).error?.message).toBe('eMASS\'s answer is empty (application/json).');
  });

  it('hands out the records read before the connection broke, then fails without retrying', async () => {
    fake.put(secondsOf('2026-06-01'), ...uids(8).map((uid) => emassRecord({ uid })));
    fake.pace(1, 10);
    fake.script({ truncateAfter: 3 });
    const { records, error } = await drain(settingsFor(fake));
    expect(records.map((r) => r.cmmcUid)).toEqual(uids(3));
    expect(error?.message).toMatch(/^The connection to eMASS broke after 3 records: /);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('mutual TLS (production eMASS requires a client certificate)', () => {
  let certs: TestCerts;
  let tlsFake: FakeEmass;
  beforeAll(async () => {
    certs = makeTestCerts();
    tlsFake = await startFakeEmass({ tls: { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca } });
    tlsFake.put(secondsOf('2026-06-01'), emassRecord());
  });
  afterAll(async () => {
    await tlsFake?.close();
    certs?.remove();
  });

  it('reads the records with the client certificate and key, trusting EMASS_CA_CERT', async () => {
    const { records, error } = await drain(settingsFor(tlsFake, { clientCertFile: certs.clientCertFile, clientKeyFile: certs.clientKeyFile, caCertFile: certs.caCertFile }));
    expect(error).toBeNull();
    expect(records).toHaveLength(1);
    expect(tlsFake.requests.at(-1)?.clientCertificate).toBe(true);
  });

  it('fails at once without a client certificate, naming EMASS_CLIENT_CERT and EMASS_CLIENT_KEY', async () => {
    const before = tlsFake.requests.length;
    const { error } = await drain(settingsFor(tlsFake, { caCertFile: certs.caCertFile }));
    expect(error?.kind).toBe('auth');
    expect(error?.message).toMatch(/^eMASS refused the TLS handshake \(.+\): check the client certificate, EMASS_CLIENT_CERT and EMASS_CLIENT_KEY \(none is configured\)\.$/);
    expect(tlsFake.requests.length).toBe(before);
  });

  it('fails at once when the server certificate is not trusted, naming EMASS_CA_CERT', async () => {
    const { error } = await drain(settingsFor(tlsFake, { clientCertFile: certs.clientCertFile, clientKeyFile: certs.clientKeyFile }));
    expect(error?.kind).toBe('config');
    expect(error?.message).toMatch(/^eMASS's server certificate is not trusted \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\): set EMASS_CA_CERT to the CA that signs it, or check EMASS_URL\.$/);
  });

  it('names the setting whose file cannot be read', async () => {
    const { error } = await drain(settingsFor(tlsFake, { clientCertFile: `${certs.dir}/missing.crt`, clientKeyFile: certs.clientKeyFile }));
    expect(error?.message).toMatch(/^Cannot read the file .+missing\.crt named by EMASS_CLIENT_CERT: ENOENT/);
    expect(error?.kind).toBe('config');
  });
});
