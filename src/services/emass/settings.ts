/**
 * The eMASS feed's settings as the services take them: built once from the parsed configuration
 * (src/config.ts `emassSettings`, called by server.ts and the CLI), never from the environment.
 * Timeouts and the retry policy are not settings an operator needs; they have defaults here and
 * tests shorten them.
 */
import type { IsoDate } from '../../domain/dates.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First back-off; each next one doubles (with jitter), up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the run fails and the next one tries again. */
  retryAfterCapMs: number;
}

export interface EmassSettings {
  /** Base URL; the client calls `{url}/api/cmmc-assessments`. */
  url: string;
  apiKey: string;
  userUid: string;
  clientCertFile: string | null;
  clientKeyFile: string | null;
  caCertFile: string | null;
  /** The first run's start date (in the rules' zone); null: from the beginning (Unix time 0). */
  since: IsoDate | null;
  /** 0: no schedule. */
  syncMinutes: number;
  connectTimeoutMs: number;
  /** From the request to the response's status line and headers. */
  responseTimeoutMs: number;
  /** The longest silence between two chunks of the body. */
  idleTimeoutMs: number;
  retry: RetryPolicy;
  /** Records per write transaction. */
  batchSize: number;
}

export const EMASS_DEFAULTS = {
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 60_000,
  idleTimeoutMs: 60_000,
  retry: { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 30_000, retryAfterCapMs: 120_000 },
  batchSize: 2_000,
} as const satisfies Partial<EmassSettings>;

/** What an administrator may see of the settings in force: never the key. */
export function describeSettings(s: EmassSettings) {
  return {
    url: s.url,
    userUid: s.userUid,
    apiKey: s.apiKey ? 'set' : 'not set',
    clientCertificate: s.clientCertFile ? { cert: s.clientCertFile, key: s.clientKeyFile } : null,
    caCertificate: s.caCertFile,
    since: s.since,
    syncMinutes: s.syncMinutes,
  };
}
