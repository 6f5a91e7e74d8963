import type { Child } from 'hono/jsx';
import { Alert } from '../../components/alerts.js';
import { Csrf, ErrorSummary, Submit, TextArea, type FormErrors, type FormValues } from '../../components/form.js';
import { ColumnHeads, Table } from '../../components/table.js';

export function ImportResult({ result, errors }: { result: { companies: number; assessments: number; nistAssessments: number } | null; errors: { path: string; message: string }[] }) {
  return (
    <div id="import-result" aria-live="polite">
      {result ? (
        <Alert type="success" heading="Imported">
          {result.companies} companies, {result.assessments} assessments and {result.nistAssessments} NIST SP 800-171 DoD Assessments.
        </Alert>
      ) : null}
      {errors.length ? (
        <Alert type="error" heading={`Nothing was imported: ${errors.length} problem(s)`}>
          <Table caption="Every record that must be corrected" class="usa-table--borderless" head={<ColumnHeads labels={['Where', 'Problem']} />}>
            {errors.slice(0, 500).map((e) => (
              <tr>
                <td class="ag-mono">{e.path}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </Table>
          {errors.length > 500 ? <p>…and {errors.length - 500} more.</p> : null}
        </Alert>
      ) : null}
    </div>
  );
}

/** Where an import that is still running stands (the server reads, checks, then writes the batch). */
export interface ImportRunning {
  phase: 'waiting' | 'reading' | 'checking' | 'writing';
  /** Of the body (reading) or of the assessments (writing); null while it cannot be told. */
  done: number;
  total: number | null;
  records: number;
}

const PHASE: Record<ImportRunning['phase'], string> = {
  waiting: 'Waiting for another import to finish',
  reading: 'Reading and checking each record',
  checking: 'Checking CAGE references and UIDs against the stored records',
  writing: 'Writing the records (all or nothing: nothing is stored until the last one is written)',
};

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * A running import's progress. The page reloads itself (a Refresh header, no script needed); with
 * htmx the panel polls `href` and replaces itself until the import has finished.
 */
export function ImportProgress({ running, href, poll }: { running: ImportRunning; href: string; poll: boolean }) {
  const percent = running.total ? Math.min(100, Math.floor((running.done / running.total) * 100)) : null;
  const detail =
    running.phase === 'reading'
      ? `${mb(running.done)}${running.total ? ` of ${mb(running.total)}` : ''} read, ${running.records.toLocaleString('en-US')} records so far.`
      : running.phase === 'writing' || running.phase === 'checking'
        ? `${running.done.toLocaleString('en-US')} of ${(running.total ?? 0).toLocaleString('en-US')} assessments written.`
        : 'It starts when the other one has finished.';
  return (
    <div id="import-result" aria-live="polite" {...(poll ? { 'hx-get': href, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' } : {})}>
      <Alert type="info" heading="Importing…">
        <p>{PHASE[running.phase]}.</p>
        {percent === null ? null : (
          <p>
            <progress max={100} value={percent} aria-label="Import progress">
              {percent}%
            </progress>{' '}
            {percent}%
          </p>
        )}
        <p>{detail}</p>
      </Alert>
    </div>
  );
}

export function ImportPage({ csrf, values, formErrors, status }: { csrf: string | null; values: FormValues; formErrors: FormErrors; status: Child }) {
  return (
    <>
      <h1>Bulk import SPRS records</h1>
      <p class="usa-intro">
        Paste or upload the JSON of <code>POST /api/v1/import</code> (companies, assessments with their historical dates, NIST SP 800-171 DoD
        Assessments). All or nothing: one invalid record and nothing is stored. A large batch (up to 100,000 records per list, 64 MiB) is
        read and written while you wait on a page that shows its progress.
      </p>
      <p>
        <a href="/admin/import/template.json" download>
          Download a JSON template
        </a>{' '}
        (two CAGE codes of one company, a Level 2 self-assessment and a NIST SP 800-171 Basic score, which import as they stand).
      </p>
      <p>
        Or a CSV of assessments, one row per UID (the header is row 1 and error messages count rows that way). Its columns: uid, level,
        status, statusDate, cages (CAGE codes separated by spaces or semicolons), scope, and optionally scopeDescription, score, supersedes,
        affirmationDate, affirmationName, affirmationTitle and affirmationEmail. The CAGE codes must be on record already; up to 8 MB.{' '}
        <a href="/admin/import/template.csv" download>
          Download a CSV template
        </a>{' '}
        (one Level 2 self-assessment of CAGE 1AB23).
      </p>
      <ErrorSummary errors={formErrors} />
      <form class="usa-form usa-form--large" method="post" action="/admin/import" enctype="multipart/form-data" hx-post="/admin/import" hx-target="#import-result" hx-swap="outerHTML" hx-encoding="multipart/form-data" hx-disabled-elt="find button">
        <Csrf token={csrf} />
        <div class="usa-form-group">
          <label class="usa-label" for="f-file">
            JSON or CSV file
          </label>
          <input class="usa-file-input" id="f-file" name="file" type="file" accept="application/json,.json,text/csv,.csv" />
        </div>
        <TextArea name="json" label="…or paste JSON" rows={10} values={values} errors={formErrors} />
        <TextArea name="csv" label="…or paste CSV" rows={6} values={values} errors={formErrors} />
        <Submit label="Import" />
        <span class="htmx-indicator" role="status">
          {' '}
          Importing…
        </span>
      </form>
      {status}
    </>
  );
}
