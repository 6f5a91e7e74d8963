import type { Clock } from '../clock.js';
import type { Database } from '../../db/client.js';
import type { Metrics } from './ops/metrics.js';

/** What every service needs: the database (writes on the primary, checks may read a replica) and the clock. */
export interface ServiceContext {
  database: Database;
  clock: Clock;
  /** SIGNING_KEY_FILE: the attestation signing key lives in this file instead of the database. */
  signingKeyFile?: string | null;
  /** Counters of what the services did (GET /metrics); absent in tools and most tests. */
  metrics?: Metrics;
  /** Requests this instance is answering now, the caller's own included (long jobs give way to them). */
  requestsInFlight?: () => number;
  /** scrypt cost of new password hashes; unset: PASSWORD_HASH_N (the server never sets it; tests lower it). */
  passwordHashN?: number;
}
