/**
 * Bulk import of SPRS records (administrators; api.md POST /import): all or nothing, every problem
 * listed by record. A batch can be 64 MiB, so the upload is read as it streams (multipart.ts) and
 * imported by the API's own streaming import (services/import-stream.ts) as a job of this app: the
 * post answers 303 to the job's page, which shows its progress until it has finished (issue 12,
 * finding 2). Not through formValidator, which reads and parses the whole form in one turn.
 * A job is seen by the administrator who started it, on this instance, for an hour after it ends.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import type { FormErrors } from '../../../../views/components/form.js';
import { ImportPage, ImportProgress as ImportProgressPanel, ImportResult, type ImportRunning } from '../../../../views/pages/admin/import.js';
import { ServiceError, type FieldError } from '../../../services/errors.js';
import type { ImportResult as Imported } from '../../../services/import.js';
import { importStream, pausesSafely, type ImportProgress } from '../../../services/import-stream.js';
import { csvErrorOf, csvImport, CSV_IMPORT_LIMIT } from '../../../services/import-csv.js';
import { IMPORT_TEMPLATE, IMPORT_TEMPLATE_CSV } from '../../../services/import-template.js';
import { IMPORT_BODY_LIMIT } from '../../body-limit.js';
import type { PagesEnv } from '../env.js';
import { errorPage } from '../errors.js';
import { boundaryOf, MultipartError, readParts, textOf } from '../multipart.js';
import { isHtmx, pageOrFragment, type View } from '../render.js';
import { requireUser } from '../session.js';
import type { FormState } from '../validator.js';

interface Job {
  id: string;
  ownerId: number;
  progress: ImportProgress;
  /** Bytes of the uploaded JSON. */
  size: number;
  /** The pasted JSON, shown in the form again when the import fails ('' for a file). */
  pasted: string;
  /** For a CSV: the pasted CSV ('' for a file) and each record's row, so errors name rows, not paths. */
  csv: { pasted: string; lines: number[] } | null;
  outcome: { imported: Imported['imported'] } | { kind: ServiceError['kind'] | 'failed'; message: string; errors: FieldError[] } | null;
  finishedAt: number | null;
}

const KEEP_MS = 60 * 60_000;
const MAX_JOBS = 20;
/** Pasted text longer than this is not put back into the form. */
const SHOW_PASTED_UP_TO = 256 * 1024;

type Upload = { kind: 'json'; chunks: Uint8Array[]; size: number; pasted: string } | { kind: 'csv'; text: string; pasted: string };

const tooLargeCsv = () => new HTTPException(413, { message: `The CSV is larger than ${CSV_IMPORT_LIMIT / 1024 / 1024} MB: split it, or import the batch as JSON. Nothing was imported.` });

/** The uploaded file (it wins; a name ending .csv makes it CSV), the pasted JSON or the pasted CSV; null when none was given. */
async function readUpload(c: Context<PagesEnv>): Promise<Upload | null> {
  const boundary = boundaryOf(c.req.header('content-type') ?? '');
  const file: Uint8Array[] = [];
  let size = 0;
  let fileIsCsv = false;
  let pasted = '';
  let pastedCsv = '';
  if (boundary && c.req.raw.body) {
    try {
      for await (const part of readParts(c.req.raw.body, boundary)) {
        if (part.name === 'file' && part.filename) {
          fileIsCsv = /\.csv$/i.test(part.filename);
          for await (const chunk of part.body) {
            file.push(chunk);
            if ((size += chunk.length) > CSV_IMPORT_LIMIT && fileIsCsv) throw tooLargeCsv();
          }
        } else if (part.name === 'json') pasted = await textOf(part, IMPORT_BODY_LIMIT);
        else if (part.name === 'csv') pastedCsv = await textOf(part, CSV_IMPORT_LIMIT);
      }
    } catch (e) {
      if (e instanceof MultipartError) throw new HTTPException(400, { message: `The upload could not be read: ${e.message}. Nothing was imported.` });
      throw e;
    }
  } else {
    const body = await c.req.parseBody();
    pasted = typeof body.json === 'string' ? body.json : '';
    pastedCsv = typeof body.csv === 'string' ? body.csv : '';
    if (Buffer.byteLength(pastedCsv) > CSV_IMPORT_LIMIT) throw tooLargeCsv();
  }
  if (size && fileIsCsv) return { kind: 'csv', text: Buffer.concat(file).toString('utf8'), pasted: '' };
  if (size) return { kind: 'json', chunks: file, size, pasted: '' };
  if (pastedCsv.trim() && !pasted.trim()) return { kind: 'csv', text: pastedCsv, pasted: pastedCsv };
  if (!pasted.trim()) return null;
  const bytes = Buffer.from(pasted);
  return { kind: 'json', chunks: [bytes], size: bytes.length, pasted };
}

function failureOf(e: unknown): NonNullable<Job['outcome']> {
  if (e instanceof ServiceError) return { kind: e.kind, message: e.message, errors: e.errors };
  console.error(e);
  return { kind: 'failed', message: 'The import could not be completed; nothing was imported by it. Please try again.', errors: [] };
}

function runningOf(job: Job): ImportRunning {
  const p = job.progress;
  if (p.phase === 'reading') return { phase: 'reading', done: p.bytes, total: job.size, records: p.records };
  if (p.phase === 'checking' || p.phase === 'writing' || p.phase === 'done') return { phase: p.phase === 'checking' ? 'checking' : 'writing', done: p.written, total: p.assessments, records: p.records };
  return { phase: 'waiting', done: 0, total: null, records: 0 };
}

/** The form, and under it what the job has come to (or, before any job, what was wrong with the post). */
function importView(c: Context<PagesEnv>, form: FormState, status: Child = <ImportResult result={null} errors={[]} />): View {
  return {
    title: 'Bulk import',
    page: <ImportPage csrf={c.var.csrfToken} values={{ json: form.values.json, csv: form.values.csv }} formErrors={form.errors} status={status} />,
    fragment: status,
  };
}

function jobView(c: Context<PagesEnv>, job: Job): { view: View; status: 200 | 422 } {
  const o = job.outcome;
  if (!o) {
    // Without script the page reloads itself; with htmx the panel polls (ImportProgress).
    if (!isHtmx(c)) c.header('Refresh', '1');
    const panel = <ImportProgressPanel running={runningOf(job)} href={`/admin/import/jobs/${job.id}`} poll={isHtmx(c)} />;
    return { view: importView(c, { values: {}, errors: {} }, panel), status: 200 };
  }
  if ('imported' in o) return { view: importView(c, { values: {}, errors: {} }, <ImportResult result={o.imported} errors={[]} />), status: 200 };
  if (job.csv) {
    const { pasted, lines } = job.csv;
    const listed = o.errors.length ? o.errors.map((e) => csvErrorOf(e, lines)) : [{ path: 'csv', message: o.message }];
    const values = { csv: pasted.length <= SHOW_PASTED_UP_TO ? pasted : '' };
    return { view: importView(c, { values, errors: { csv: `The CSV was not imported: ${listed.length} problem(s), listed below` } }, <ImportResult result={null} errors={listed} />), status: 422 };
  }
  const values = { json: job.pasted.length <= SHOW_PASTED_UP_TO ? job.pasted : '' };
  // JSON that does not parse is the field's problem; anything else names records of the batch.
  const errors: FormErrors = o.kind === 'malformed' ? { json: o.message.replace(/^The body is not valid JSON/, 'Not valid JSON') } : {};
  const listed = o.errors.length ? o.errors : [{ path: o.kind === 'malformed' ? 'json' : '(batch)', message: errors.json ?? o.message }];
  return { view: importView(c, { values, errors }, <ImportResult result={null} errors={listed} />), status: 422 };
}

export function adminImportPages() {
  const jobs = new Map<string, Job>();
  const prune = () => {
    const now = Date.now();
    for (const [id, j] of jobs) if (j.finishedAt !== null && now - j.finishedAt > KEEP_MS) jobs.delete(id);
    for (const [id, j] of jobs) if (jobs.size > MAX_JOBS && j.finishedAt !== null) jobs.delete(id);
  };
  return new Hono<PagesEnv>()
    .use('*', requireUser('records.import'))
    .get('/', (c) => pageOrFragment(c, importView(c, { values: {}, errors: {} })))
    .get('/template.json', (c) =>
      c.body(`${JSON.stringify(IMPORT_TEMPLATE, null, 2)}\n`, 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': 'attachment; filename="awardgate-import-template.json"' }),
    )
    .get('/template.csv', (c) =>
      c.body(IMPORT_TEMPLATE_CSV, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="awardgate-import-template.csv"' }),
    )
    .post('/', async (c) => {
      const upload = await readUpload(c);
      if (!upload) return pageOrFragment(c, importView(c, { values: { json: '' }, errors: { json: 'Choose a JSON or CSV file, or paste the JSON or the CSV' } }), 422);
      let chunks: Uint8Array[];
      let csv: Job['csv'] = null;
      if (upload.kind === 'csv') {
        const read = csvImport(upload.text);
        if (!read.ok) {
          const values = { csv: upload.pasted.length <= SHOW_PASTED_UP_TO ? upload.pasted : '' };
          const view = importView(c, { values, errors: { csv: `The CSV was not imported: ${read.errors.length} problem(s), listed below` } }, <ImportResult result={null} errors={read.errors} />);
          return pageOrFragment(c, view, 422);
        }
        chunks = [Buffer.from(read.json)];
        csv = { pasted: upload.pasted, lines: read.lines };
      } else chunks = upload.chunks;
      const size = chunks.reduce((n, b) => n + b.length, 0);
      prune();
      const job: Job = { id: randomUUID(), ownerId: c.var.actor!.id, progress: { phase: 'waiting', bytes: 0, records: 0, assessments: 0, written: 0 }, size, pasted: upload.kind === 'json' ? upload.pasted : '', csv, outcome: null, finishedAt: null };
      jobs.set(job.id, job);
      // Each piece is let go once read, so the upload is held no longer than needed.
      const source = (async function* () {
        for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) yield chunk;
      })();
      const run = importStream(c.var.ctx, c.var.actor!, source, (p) => (job.progress = p))
        .then((r) => (job.outcome = { imported: r.imported }), (e) => (job.outcome = failureOf(e)))
        .finally(() => (job.finishedAt = Date.now()));
      // A database of one connection (in memory) could not serve the job's page while the import's
      // transaction holds it, so there the job has finished before the answer.
      if (!(await pausesSafely(c.var.ctx.database))) await run;
      return c.redirect(`/admin/import/jobs/${job.id}`, 303);
    })
    .get('/jobs/:id', (c) => {
      const job = jobs.get(c.req.param('id'));
      if (!job || job.ownerId !== c.var.actor!.id) return errorPage(c, 404, 'There is no import with that address: it was started by someone else, on another server, or more than an hour ago.');
      const { view, status } = jobView(c, job);
      return pageOrFragment(c, view, status);
    });
}
