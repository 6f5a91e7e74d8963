/**
 * Prometheus metrics (GET /metrics, README "Operating AwardGate"). One registry per app, never
 * prom-client's global one, so two apps in one process (tests) keep their own counts. Every series
 * is declared here, also those a subsystem fills in later (eMASS runs, the reminder outbox), so
 * their names are fixed in one place; a subsystem updates its series through `ctx.metrics` and,
 * for values read from the database at scrape time, registers one `onScrape` hook.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueryKind } from '../../../db/client.js';
import type { CheckAnswer } from '../../domain/eligibility.js';
import type { ImportResult } from '../import.js';

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly httpInFlight: Gauge;
  /** Checks run (rules §5), by purpose and the offer's verdict. */
  readonly checks: Counter<'purpose' | 'verdict'>;
  /** Per-UID verdicts of those checks. */
  readonly checkedUids: Counter<'verdict'>;
  readonly verificationsRecorded: Counter<'purpose' | 'verdict'>;
  readonly dbQueryDuration: Histogram<'kind'>;
  /** Import batches (POST /api/v1/import): stored or rejected as a whole. */
  readonly imports: Counter<'outcome'>;
  readonly importedRecords: Counter<'kind'>;
  /** eMASS feed runs by outcome (the feed increments it when a run ends). */
  readonly emassRuns: Counter<'outcome'>;
  /** Quarantined eMASS records still open (set at scrape time by the feed's hook). */
  readonly emassQuarantined: Gauge;
  /** Reminder outbox messages by delivery state (set at scrape time by the reminders' hook). */
  readonly reminderOutbox: Gauge<'state'>;
  readonly backups: Counter<'outcome'>;
  readonly lastBackup: Gauge;
  /** A hook run before each scrape (e.g. counting outbox rows); a failing or slow one is skipped. */
  onScrape(hook: () => Promise<void>): void;
  /** The exposition text, after the scrape hooks ran (each for at most `hookTimeoutMs`). */
  render(): Promise<string>;
  observeQuery(kind: QueryKind, seconds: number): void;
  countCheck(answer: CheckAnswer): void;
  countRecorded(answer: CheckAnswer): void;
  countImport<T extends ImportResult>(work: Promise<T>): Promise<T>;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag): for the server, not for apps made by tests. */
  processMetrics?: boolean;
  hookTimeoutMs?: number;
}

const verdict = (eligible: boolean) => (eligible ? 'eligible' : 'not_eligible');

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const hooks: (() => Promise<void>)[] = [];
  const hookTimeoutMs = opts.hookTimeoutMs ?? 2000;

  const checks = new Counter({ name: 'awardgate_checks_total', help: 'Award, option, extension and new-UID checks run, by purpose and verdict', labelNames: ['purpose', 'verdict'] as const, registers });
  const checkedUids = new Counter({ name: 'awardgate_check_uids_total', help: 'UIDs evaluated by checks, by per-UID verdict', labelNames: ['verdict'] as const, registers });
  const verificationsRecorded = new Counter({
    name: 'awardgate_verifications_recorded_total',
    help: 'Recorded verifications stored (hash-chained contract-file records), by purpose and verdict',
    labelNames: ['purpose', 'verdict'] as const,
    registers,
  });
  const dbQueryDuration = new Histogram({
    name: 'awardgate_db_query_duration_seconds',
    help: 'Database statement, batch and transaction latency',
    labelNames: ['kind'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers,
  });
  const countCheck = (answer: CheckAnswer) => {
    checks.inc({ purpose: answer.purpose, verdict: verdict(answer.eligible) });
    for (const u of answer.uids) checkedUids.inc({ verdict: verdict(u.eligible) });
  };
  const imports = new Counter({ name: 'awardgate_imports_total', help: 'Import batches, stored or rejected whole', labelNames: ['outcome'] as const, registers });
  const importedRecords = new Counter({ name: 'awardgate_imported_records_total', help: 'Records stored by imports, by kind', labelNames: ['kind'] as const, registers });

  return {
    registry,
    httpRequests: new Counter({ name: 'awardgate_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'] as const, registers }),
    httpDuration: new Histogram({
      name: 'awardgate_http_request_duration_seconds',
      help: 'HTTP request latency, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    httpInFlight: new Gauge({ name: 'awardgate_http_requests_in_flight', help: 'HTTP requests being served now', registers }),
    checks,
    checkedUids,
    verificationsRecorded,
    dbQueryDuration,
    imports,
    importedRecords,
    emassRuns: new Counter({ name: 'awardgate_emass_runs_total', help: 'eMASS feed runs, by outcome', labelNames: ['outcome'] as const, registers }),
    emassQuarantined: new Gauge({ name: 'awardgate_emass_quarantined_records', help: 'eMASS records in quarantine, not yet applied', registers }),
    reminderOutbox: new Gauge({ name: 'awardgate_reminder_outbox_messages', help: 'Reminder e-mails in the outbox, by delivery state', labelNames: ['state'] as const, registers }),
    backups: new Counter({ name: 'awardgate_backups_total', help: 'Scheduled backups, by outcome', labelNames: ['outcome'] as const, registers }),
    lastBackup: new Gauge({ name: 'awardgate_backup_last_success_timestamp_seconds', help: 'When the last scheduled backup of this instance succeeded (Unix time)', registers }),
    onScrape: (hook) => void hooks.push(hook),
    async render() {
      await Promise.all(
        hooks.map((hook) => {
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<void>((ok) => (timer = setTimeout(ok, hookTimeoutMs)));
          // A failing hook leaves its gauges as they were: the scrape still answers.
          return Promise.race([hook().catch(() => {}), late]).finally(() => clearTimeout(timer));
        }),
      );
      return registry.metrics();
    },
    observeQuery: (kind, seconds) => dbQueryDuration.observe({ kind }, seconds),
    countCheck,
    countRecorded(answer) {
      countCheck(answer);
      verificationsRecorded.inc({ purpose: answer.purpose, verdict: verdict(answer.eligible) });
    },
    async countImport(work) {
      try {
        const result = await work;
        imports.inc({ outcome: 'stored' });
        for (const [kind, n] of Object.entries(result.imported)) importedRecords.inc({ kind }, n);
        return result;
      } catch (e) {
        imports.inc({ outcome: 'rejected' });
        throw e;
      }
    },
  };
}
