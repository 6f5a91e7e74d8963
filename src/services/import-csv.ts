/**
 * The bulk import's CSV form (issue 10): a CSV of assessments, one row per UID, turned into the
 * JSON batch of `POST /api/v1/import` so that the SAME import (import-stream.ts) checks and writes
 * it, all or nothing. Only assessments: their companies and CAGE codes must be on record already
 * (the JSON form or the company pages create them), which keeps one row one record.
 * Row numbers are the file's 1-based lines, the header being row 1 (a spreadsheet's numbering).
 */
import type { FieldError } from './errors.js';
import { parseCsvRows } from './results-file.js';

/** The columns, in the template's order; `uid`, `level`, `status`, `statusDate`, `cages` and `scope` are required. */
export const CSV_IMPORT_COLUMNS = [
  'uid',
  'level',
  'status',
  'statusDate',
  'cages',
  'scope',
  'scopeDescription',
  'score',
  'supersedes',
  'affirmationDate',
  'affirmationName',
  'affirmationTitle',
  'affirmationEmail',
] as const;
type Column = (typeof CSV_IMPORT_COLUMNS)[number];
const REQUIRED: Column[] = ['uid', 'level', 'status', 'statusDate', 'cages', 'scope'];
const AFFIRMATION: Partial<Record<Column, string>> = { affirmationDate: 'date', affirmationName: 'name', affirmationTitle: 'title', affirmationEmail: 'email' };

/** Pasted or uploaded CSV larger than this is refused: it is parsed in one turn, unlike the streamed JSON. */
export const CSV_IMPORT_LIMIT = 8 * 1024 * 1024;

export type CsvImport = { ok: true; json: string; lines: number[] } | { ok: false; errors: FieldError[] };

const rowError = (line: number, message: string): FieldError => ({ path: `row ${line}`, message: `Row ${line}: ${message}` });

/** One row's record of `assessments`, with the cells the import would reject kept as typed so its own check names them. */
function recordOf(columns: (Column | null)[], cells: string[], line: number, errors: FieldError[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const affirmation: Record<string, string> = {};
  columns.forEach((column, i) => {
    const cell = cells[i] ?? '';
    if (!column || cell === '') return;
    if (column in AFFIRMATION) affirmation[AFFIRMATION[column]!] = cell;
    else if (column === 'cages') record.cages = cell.split(/[\s;]+/).filter(Boolean).map((c) => c.toUpperCase());
    else if (column === 'score') {
      if (/^[-+]?\d+$/.test(cell)) record.score = Number(cell);
      else errors.push(rowError(line, `score must be a whole number (it is "${cell}")`));
    } else if (column === 'level' || column === 'status') record[column] = cell.toUpperCase().replace(/[\s-]+/g, '_');
    else record[column] = cell;
  });
  if (cells.length > columns.length && cells.slice(columns.length).some((c) => c !== '')) errors.push(rowError(line, `the row has ${cells.length} values but the header names ${columns.length} columns`));
  if (Object.keys(affirmation).length) record.affirmations = [affirmation];
  return record;
}

/** The CSV as the JSON import's body, with each record's line; or every problem, each naming its row. */
export function csvImport(text: string): CsvImport {
  const read = parseCsvRows(text);
  if ('problem' in read) {
    const { row, message } = read.problem;
    const why = message.startsWith('the file cannot') ? 'the file cannot be read as CSV: check its quotes and commas' : message;
    return { ok: false, errors: [row ? rowError(row, why) : { path: 'file', message: `The file ${why.replace(/^the file /, '')}` }] };
  }
  const [header, ...rows] = read.rows;
  if (!header) return { ok: false, errors: [{ path: 'csv', message: 'The CSV is empty: it needs a header row and one row per assessment' }] };
  const errors: FieldError[] = [];
  const byName = new Map(CSV_IMPORT_COLUMNS.map((c) => [c.toLowerCase().replace(/[\s_-]/g, ''), c]));
  const columns = header.cells.map((name) => byName.get(name.toLowerCase().replace(/[\s_-]/g, '')) ?? null);
  header.cells.forEach((name, i) => {
    if (!columns[i]) errors.push(rowError(header.line, `"${name}" is not a column of the import; the columns are ${CSV_IMPORT_COLUMNS.join(', ')}`));
  });
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length) errors.push(rowError(header.line, `the header must name the column(s) ${missing.join(', ')}`));
  if (errors.length) return { ok: false, errors };
  if (!rows.length) return { ok: false, errors: [{ path: 'csv', message: 'The CSV has a header but no rows: add one row per assessment' }] };
  const assessments = rows.map((r) => recordOf(columns, r.cells, r.line, errors));
  if (errors.length) return { ok: false, errors };
  return { ok: true, json: JSON.stringify({ assessments }), lines: rows.map((r) => r.line) };
}

/** An error of the import (`assessments.3.statusDate`) told as the CSV's row and column. */
export function csvErrorOf(e: FieldError, lines: number[]): FieldError {
  const m = /^assessments\.(\d+)(?:\.(.+))?$/.exec(e.path);
  const line = m ? lines[Number(m[1])] : undefined;
  if (!m || line === undefined) return e;
  const field = m[2] ?? '';
  const column = field.startsWith('affirmations.0.') ? `affirmation${field.slice(15, 16).toUpperCase()}${field.slice(16)}` : field.replace(/\.\d+$/, '');
  return rowError(line, column ? `${column} ${e.message}` : e.message);
}
