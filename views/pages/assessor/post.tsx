/**
 * Posting assessor results (rules §6): answer the requirement table (live score as with
 * self-assessments) or upload a results file — JSON as the API's assessment body, or CSV of
 * `requirement,result`. A file with any problem is reported row by row and nothing is posted.
 */
import type { Level } from '../../../src/domain/levels.js';
import type { FileProblem } from '../../../src/services/results-file.js';
import { TextArea, TextField } from '../../components/form.js';
import { RequirementTables } from '../../components/requirements-form.js';
import { ScoreButtons, ScoredForm, type ScoredFormState } from '../../components/scored-form.js';
import { ColumnHeads, Table } from '../../components/table.js';
import { LEVEL_LABEL } from '../../labels.js';

export interface AssessorPostPageProps extends ScoredFormState {
  level: Level;
  fileProblems: FileProblem[] | null;
  /** A results file was just read into the form: what posting it gives, before it is posted. */
  fromFile?: { name: string; score: number | null; status: string } | null;
}

export function FileProblems({ problems }: { problems: FileProblem[] }) {
  return (
    <div class="usa-alert usa-alert--error" role="alert" id="file-problems">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">The results file has {problems.length} {problems.length === 1 ? 'problem' : 'problems'}; nothing was posted</h2>
        <Table class="usa-table--compact usa-table--borderless" head={<ColumnHeads labels={['Row', 'Requirement or field', 'Problem']} />}>
          {problems.map((x) => (
            <tr>
              <td>{x.row ?? '—'}</td>
              <td class="ag-mono">{x.path.replace(/^results\./, '')}</td>
              <td>{x.message}</td>
            </tr>
          ))}
        </Table>
      </div>
    </div>
  );
}

export function AssessorPostPage(p: AssessorPostPageProps) {
  return (
    <>
      <p>
        <a href="/assessor">← Post results</a>
      </p>
      <h1>Post {LEVEL_LABEL[p.level]} results</h1>
      <p class="usa-intro">
        The system assigns the UID and sets the status date to today; the posting supersedes the previous UID of the same scope and level family.
        {p.level === 'L3_DIBCAC' ? ' Level 3 needs a current Final Level 2 (C3PAO) status on the same scope (32 CFR 170.18).' : ''} The company's Affirming
        Official affirms it afterwards.
      </p>
      {p.fileProblems ? <FileProblems problems={p.fileProblems} /> : null}
      {p.fromFile ? (
        <div class="usa-alert usa-alert--info" role="status" id="file-preview" tabindex={-1} autofocus>
          <div class="usa-alert__body">
            <h2 class="usa-alert__heading">Check the results of {p.fromFile.name} before posting</h2>
            <p class="usa-alert__text">
              Posting them gives <strong>{p.fromFile.status}</strong>
              {p.fromFile.score === null ? '' : <> with a score of <strong>{p.fromFile.score}</strong></>}. Nothing is posted yet: the file's answers are now in the form below. Check the company, scope and CAGE codes, then choose "Post results".
            </p>
          </div>
        </div>
      ) : null}
      <ScoredForm
        id="assessor-form"
        action="/assessor/assessments/new"
        previewAction="/assessor/assessments/preview"
        upload
        level={p.level}
        csrf={p.csrf}
        errors={p.errors}
        preview={p.preview}
      >
        <TextField name="companyCage" label="Company CAGE code" values={p.values} errors={p.errors} required maxlength={5} class="usa-input--small" />
        <TextField name="scope" label="Assessment scope" hint="Enterprise, or Enclave: <name>. The same scope name continues that scope's history." values={p.values} errors={p.errors} required />
        <TextArea name="scopeDescription" label="Scope description (optional)" values={p.values} errors={p.errors} rows={2} />
        <TextField name="cages" label="CAGE codes in scope" hint="Separate with commas or spaces; blank means the company CAGE code." values={p.values} errors={p.errors} />
        <div class={`usa-form-group${p.errors.file ? ' usa-form-group--error' : ''}`}>
          <label class="usa-label" for="f-file">
            Results file (optional)
          </label>
          <span class="usa-hint" id="f-file-hint">
            JSON: the API's assessment body ({'{ "level", "scope", "cages", "results" }'}). CSV: one "requirement,result" row per requirement (MET, NOT MET, N/A,
            PARTIAL). A file replaces the answers below.
          </span>
          {p.errors.file ? <span class="usa-error-message">{p.errors.file}</span> : null}
          <input class="usa-file-input" id="f-file" name="file" type="file" accept=".json,.csv,application/json,text/csv" aria-describedby="f-file-hint" />
        </div>
        <ScoreButtons />
        <RequirementTables level={p.level} answers={p.answers} errors={p.errors} showMissing={p.showMissing} />
        <div class="usa-button-group margin-top-3">
          <button type="submit" name="action" value="post" class="usa-button" id="post-results">
            Post results
          </button>
        </div>
      </ScoredForm>
    </>
  );
}
