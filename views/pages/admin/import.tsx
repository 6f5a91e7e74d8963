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

export function ImportPage({ csrf, values, formErrors, result, errors }: { csrf: string | null; values: FormValues; formErrors: FormErrors; result: Parameters<typeof ImportResult>[0]['result']; errors: { path: string; message: string }[] }) {
  return (
    <>
      <h1>Bulk import SPRS records</h1>
      <p class="usa-intro">
        Paste or upload the JSON of <code>POST /api/v1/import</code> (companies, assessments with their historical dates, NIST SP 800-171 DoD
        Assessments). All or nothing: one invalid record and nothing is stored.
      </p>
      <ErrorSummary errors={formErrors} />
      <form class="usa-form usa-form--large" method="post" action="/admin/import" enctype="multipart/form-data" hx-post="/admin/import" hx-target="#import-result" hx-swap="outerHTML" hx-encoding="multipart/form-data" hx-disabled-elt="find button">
        <Csrf token={csrf} />
        <div class="usa-form-group">
          <label class="usa-label" for="f-file">
            JSON file
          </label>
          <input class="usa-file-input" id="f-file" name="file" type="file" accept="application/json,.json" />
        </div>
        <TextArea name="json" label="…or paste JSON" rows={10} values={values} errors={formErrors} />
        <Submit label="Import" />
        <span class="htmx-indicator" role="status">
          {' '}
          Importing…
        </span>
      </form>
      <ImportResult result={result} errors={errors} />
    </>
  );
}
