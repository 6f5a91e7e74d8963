/**
 * The CMMC eMASS feed (feeds.md §3): one row per sync run with its counts, the records a run
 * quarantined, and each UID's feed history (added, closeout seen, changed, withdrawn), so an
 * administrator sees what every run did and the UID page can show where a record came from.
 * Runs commit their effects batch by batch; a run's counts are updated in the same transaction as
 * the batch they count, so they never disagree with what is stored, even after a crash.
 */
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idOf, keyOf, oneOf, serialId } from './columns.js';
// The event vocabulary is the domain's own (one definition); the CHECK constraint repeats it in SQL.
import { EMASS_EVENTS } from '../../src/domain/emass-changes.js';
import { assessments } from './core.js';

export const EMASS_RUN_OUTCOMES = ['RUNNING', 'SUCCEEDED', 'FAILED'] as const;

export const emassRuns = sqliteTable(
  'emass_runs',
  {
    id: serialId(),
    /** ISO-8601 UTC instants. The cursor is the start of the last SUCCEEDED run (minus an overlap). */
    startedAt: text().notNull(),
    finishedAt: text(),
    /** The day the run saw its records (the rules' "today"): closeouts, changes and withdrawals are dated so. */
    seenOn: text().notNull(),
    /** What the run asked eMASS for (`sinceDate`, Unix seconds). */
    sinceSeconds: integer().notNull(),
    /** RUNNING until the run ends; a RUNNING row whose process died is closed as FAILED by the next run. */
    outcome: text({ enum: EMASS_RUN_OUTCOMES }).notNull(),
    added: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    withdrawn: integer().notNull().default(0),
    unchanged: integer().notNull().default(0),
    quarantined: integer().notNull().default(0),
    /** The first warnings (capped), as a JSON array of sentences; `warningCount` has them all. */
    warningsJson: text().notNull().default('[]'),
    warningCount: integer().notNull().default(0),
    error: text(),
  },
  (t) => [index('emass_runs_outcome_idx').on(t.outcome, t.startedAt), check('emass_runs_outcome', oneOf('outcome', EMASS_RUN_OUTCOMES))],
);

/**
 * A record a run could not apply, with one sentence saying why. Open (`resolvedByRunId` null) until
 * a later record with the same UID (or eMASS assessment id) is applied.
 */
export const emassQuarantine = sqliteTable(
  'emass_quarantine',
  {
    id: serialId(),
    runId: idOf(() => emassRuns.id),
    cmmcUid: text(),
    /** As eMASS sent it (it may be none of ADDED, UPDATED, DELETED: that is a reason to quarantine). */
    operation: text(),
    assessmentId: text(),
    reason: text().notNull(),
    /** The record as eMASS sent it (truncated), so an administrator can see what was refused. */
    recordJson: text(),
    resolvedByRunId: integer().references(() => emassRuns.id),
  },
  (t) => [
    index('emass_quarantine_run_idx').on(t.runId),
    index('emass_quarantine_uid_idx').on(t.cmmcUid),
    index('emass_quarantine_assessment_idx').on(t.assessmentId),
  ],
);

/**
 * What the feed did to a held UID after adding it, dated the day the run saw it. The addition itself
 * is `assessments.added_by_emass_run` (with the run's `seen_on`).
 */
export const emassHistory = sqliteTable(
  'emass_history',
  {
    id: serialId(),
    uid: keyOf(() => assessments.uid),
    runId: idOf(() => emassRuns.id),
    date: text().notNull(),
    event: text({ enum: EMASS_EVENTS }).notNull(),
    detailJson: text(),
  },
  (t) => [
    index('emass_history_uid_idx').on(t.uid, t.id),
    check('emass_history_event', oneOf('event', EMASS_EVENTS)),
  ],
);

export type EmassRunRow = typeof emassRuns.$inferSelect;
export type EmassQuarantineRow = typeof emassQuarantine.$inferSelect;
export type EmassHistoryRow = typeof emassHistory.$inferSelect;
