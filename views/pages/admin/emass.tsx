/** The administrator's "eMASS feed" page (issue 9): settings in force, runs, open quarantine, Sync now with progress. */
import { Alert, EmptyState, SlimAlert } from '../../components/alerts.js';
import { FactList } from '../../components/facts.js';
import { Csrf, Submit } from '../../components/form.js';
import { ColumnHeads, Pagination, Table, type Paging } from '../../components/table.js';

export interface FeedSettingsView {
  url: string;
  userUid: string;
  clientCertificate: boolean;
  syncMinutes: number;
  since: string | null;
}

export interface RunRow {
  id: number;
  /** The day the run started, in the rules' zone, and the instant for the `<time>` element. */
  startedOn: string;
  startedAt: string;
  sinceOn: string;
  outcome: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  counts: { added: number; updated: number; withdrawn: number; unchanged: number; quarantined: number };
  warnings: string[];
  error: string | null;
}

export interface QuarantineRow {
  runId: number;
  seenOn: string;
  cmmcUid: string | null;
  operation: string | null;
  reason: string;
}

const OUTCOME_LABEL: Record<RunRow['outcome'], string> = { RUNNING: 'In progress', SUCCEEDED: 'Succeeded', FAILED: 'Failed' };

const countsText = (c: RunRow['counts']) =>
  `${c.added} added, ${c.updated} updated, ${c.withdrawn} withdrawn, ${c.unchanged} unchanged, ${c.quarantined} quarantined`;

/**
 * The run in progress (polled by htmx every second until it ends), the run that just ended, or a
 * message. Without JavaScript the page itself shows the same section on reload.
 */
export function SyncProgress({ running, last, message }: { running: RunRow | null; last: RunRow | null; message?: string | null }) {
  if (running)
    return (
      <div id="emass-progress" hx-get="/admin/emass/progress" hx-trigger="every 1s" hx-swap="outerHTML" aria-live="polite">
        <Alert type="info" heading={`Run ${running.id} in progress`} slim>
          {countsText(running.counts)} so far.
        </Alert>
      </div>
    );
  return (
    <div id="emass-progress" aria-live="polite">
      <SlimAlert type="warning" text={message} />
      {last ? (
        <Alert type={last.outcome === 'FAILED' ? 'error' : 'success'} heading={`Last run ${last.id}: ${OUTCOME_LABEL[last.outcome].toLowerCase()}`} slim>
          {countsText(last.counts)}.{last.error ? ` ${last.error}` : ''}
        </Alert>
      ) : null}
    </div>
  );
}

export function EmassPage({
  settings,
  csrf,
  running,
  runs,
  paging,
  quarantine,
  message,
}: {
  settings: FeedSettingsView | null;
  csrf: string | null;
  running: RunRow | null;
  runs: RunRow[];
  paging: Paging;
  quarantine: QuarantineRow[];
  message?: string | null;
}) {
  const latest = runs.find((r) => r.outcome !== 'RUNNING') ?? null;
  return (
    <>
      <h1>eMASS feed</h1>
      <p class="usa-intro">
        Certification results arrive from CMMC eMASS: each run asks eMASS for the records changed since the last successful run (less a day of
        overlap) and applies them like postings and imports.
      </p>
      <h2 id="emass-settings">Settings in force</h2>
      {settings ? (
        <FactList
          facts={[
            { term: 'eMASS URL', value: settings.url, mono: true },
            { term: 'User UID', value: settings.userUid, mono: true },
            { term: 'Client certificate', value: settings.clientCertificate ? 'Configured' : 'Not configured' },
            { term: 'Schedule', value: settings.syncMinutes > 0 ? `Every ${settings.syncMinutes} minutes` : 'None (Sync now or npm run emass:sync only)' },
            { term: 'First run from (EMASS_SINCE)', value: settings.since ?? 'The beginning (everything eMASS holds)' },
          ]}
        />
      ) : (
        <Alert type="warning" heading="The feed is not configured">
          Set EMASS_URL, EMASS_API_KEY and EMASS_USER_UID (and, for eMASS itself, EMASS_CLIENT_CERT and EMASS_CLIENT_KEY), then restart.
        </Alert>
      )}
      {settings ? (
        <form class="usa-form" method="post" action="/admin/emass/sync" hx-post="/admin/emass/sync" hx-target="#emass-progress" hx-swap="outerHTML" hx-disabled-elt="find button">
          <Csrf token={csrf} />
          <Submit label="Sync now" />
        </form>
      ) : null}
      <SyncProgress running={running} last={latest} message={message} />

      <h2 id="emass-runs">Runs</h2>
      {runs.length ? (
        <Table labelledBy="emass-runs" head={<ColumnHeads labels={['Run', 'Started', 'Records since', 'Outcome', 'Added', 'Updated', 'Withdrawn', 'Unchanged', 'Quarantined', 'Warnings and error']} />}>
          {runs.map((r) => (
            <tr>
              <td>{r.id}</td>
              <td>
                <time datetime={r.startedAt}>{r.startedOn}</time>
              </td>
              <td>{r.sinceOn}</td>
              <td>{OUTCOME_LABEL[r.outcome]}</td>
              <td>{r.counts.added}</td>
              <td>{r.counts.updated}</td>
              <td>{r.counts.withdrawn}</td>
              <td>{r.counts.unchanged}</td>
              <td>{r.counts.quarantined}</td>
              <td>
                {r.error ? <p class="margin-0">{r.error}</p> : null}
                {r.warnings.length ? (
                  <ul class="margin-0">
                    {r.warnings.slice(0, 5).map((w) => (
                      <li>{w}</li>
                    ))}
                    {r.warnings.length > 5 ? <li>…and {r.warnings.length - 5} more (GET /api/v1/emass/runs/{r.id})</li> : null}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>No run yet. Sync now, or wait for the schedule.</EmptyState>
      )}
      <Pagination paging={paging} base="/admin/emass" />

      <h2 id="emass-quarantine">Quarantined records</h2>
      <p>A quarantined record was not applied; it stays listed until a later run applies a corrected version of it from eMASS.</p>
      {quarantine.length ? (
        <Table labelledBy="emass-quarantine" head={<ColumnHeads labels={['UID', 'Operation', 'Run', 'Seen', 'Reason']} />}>
          {quarantine.map((q) => (
            <tr>
              <td class="ag-mono">{q.cmmcUid ?? '(none)'}</td>
              <td>{q.operation ?? '(none)'}</td>
              <td>{q.runId}</td>
              <td>{q.seenOn}</td>
              <td>{q.reason}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>No record is in quarantine.</EmptyState>
      )}
    </>
  );
}
