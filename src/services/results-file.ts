/**
 * Results files an assessor uploads instead of answering the form (the eMASS feed stand-in):
 * - JSON: the API's assessment body (`POST /api/v1/companies/{cage}/assessments`), checked by the
 *   same zod schema the API uses;
 * - CSV (read by csv-parse): one `requirement,result` row per requirement (a header row is optional).
 * Every problem is reported against its row (CSV) or path (JSON); nothing is posted while any
 * remains, because the caller posts only a clean parse and postAssessment validates before writing.
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { Level } from '../domain/levels.js';
import { REQUIREMENT_RESULTS } from '../domain/levels.js';
import { requirementsFor } from '../domain/requirements.js';
import { validateResults } from '../domain/results.js';
import { PostAssessmentInput } from './inputs.js';

export interface FileProblem {
  /** 1-based CSV line, or null for a JSON path or a requirement with no row. */
  row: number | null;
  path: string;
  message: string;
}

export type ParsedResultsFile =
  | { ok: true; kind: 'json' | 'csv'; results: Record<string, string>; body: PostAssessmentInput | null }
  | { ok: false; kind: 'json' | 'csv' | 'unknown'; problems: FileProblem[] };

type PostAssessmentInput = ReturnType<typeof PostAssessmentInput.parse>;

const lineBreaks = (s: string) => s.match(/\r\n|\n|\r/g)?.length ?? 0;

/**
 * The rows of a CSV file (csv-parse: RFC 4180 quoting, CRLF or LF, a byte-order mark), each with its
 * 1-based line, cells trimmed, blank rows skipped; or the line and the users' words for why the file
 * cannot be read as CSV (the library's own text is not for them).
 */
export function parseCsvRows(text: string): { rows: { line: number; cells: string[] }[] } | { problem: FileProblem } {
  try {
    const records = parse(text, {
      bom: true,
      trim: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      // Any line end on any line: files pass through editors that mix them.
      record_delimiter: ['\r\n', '\n', '\r'],
      info: true,
      raw: true,
    }) as unknown as {
      record: string[];
      info: { lines: number };
      raw: string;
    }[];
    // `lines` counts to the end of a record; a quoted cell may span lines, and users look for its first.
    return { rows: records.map((r) => ({ line: r.info.lines - lineBreaks(r.raw.replace(/^[\r\n]+/, '').replace(/(\r\n|\n|\r)$/, '')), cells: r.record })) };
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED' && typeof e.bytes_records === 'number') {
      // The library reports where the file ended; users need the row whose quote was never closed.
      const done = Buffer.from(text).subarray(0, e.bytes_records).toString();
      const blankLinesAfter = /^(?:[ \t]*(?:\r\n|\n|\r))*/.exec(text.slice(done.length))![0];
      const line = lineBreaks(done) + lineBreaks(blankLinesAfter) + 1;
      return { problem: { row: line, path: `row ${line}`, message: 'a quoted cell is never closed: a cell that starts with " must end with "' } };
    }
    const line = typeof e.lines === 'number' ? e.lines : null;
    return { problem: { row: line, path: line ? `row ${line}` : 'file', message: 'the file cannot be read as CSV: check its quotes and commas' } };
  }
}

/** "Not met", "not-met", "N/A" → the API's enum words. */
export function normaliseResult(raw: string): string {
  const s = raw.trim().toUpperCase().replace(/[\s-]+/g, '_');
  if (s === 'N/A' || s === 'NA' || s === 'N_A') return 'NOT_APPLICABLE';
  return s;
}

const isHeader = (cells: string[]) => /^requirement/i.test(cells[0] ?? '') && /^result/i.test(cells[1] ?? '');

function parseCsv(level: Level, text: string): ParsedResultsFile {
  const problems: FileProblem[] = [];
  const read = parseCsvRows(text);
  if ('problem' in read) return { ok: false, kind: 'csv', problems: [read.problem] };
  const { rows } = read;
  const body = rows.length && isHeader(rows[0].cells) ? rows.slice(1) : rows;
  const known = new Map(requirementsFor(level).map((r) => [r.id.toUpperCase(), r.id]));
  const results: Record<string, string> = {};
  const rowOf = new Map<string, number>();
  for (const { line, cells } of body) {
    if (cells.length < 2 || cells.slice(2).some((c) => c !== '')) {
      problems.push({ row: line, path: `row ${line}`, message: 'a row has two cells: requirement, result' });
      continue;
    }
    const id = known.get(cells[0].toUpperCase()) ?? cells[0];
    if (rowOf.has(id)) {
      problems.push({ row: line, path: `results.${id}`, message: `${id} already has a result on row ${rowOf.get(id)}` });
      continue;
    }
    rowOf.set(id, line);
    results[id] = normaliseResult(cells[1]);
  }
  if (!body.length) problems.push({ row: null, path: 'file', message: `the file has no rows; give one requirement,result row for each of the ${known.size} requirements` });
  for (const e of validateResults(level, results)) {
    const id = e.path.slice('results.'.length);
    const row = rowOf.get(id) ?? null;
    const message = e.message.startsWith('must be one of') ? `"${results[id]}" ${e.message.replace(REQUIREMENT_RESULTS.join(', '), 'MET, NOT MET, N/A, PARTIAL')}` : e.message === 'missing answer' ? 'no row for this requirement' : e.message;
    problems.push({ row, path: e.path, message });
  }
  problems.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
  return problems.length ? { ok: false, kind: 'csv', problems } : { ok: true, kind: 'csv', results, body: null };
}

function parseJson(level: Level, text: string): ParsedResultsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, kind: 'json', problems: [{ row: null, path: 'file', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  const parsed = PostAssessmentInput.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      kind: 'json',
      problems: parsed.error.issues.map((i) => ({ row: null, path: i.path.map(String).join('.') || '(body)', message: i.code === 'unrecognized_keys' ? `unknown field(s): ${(i as { keys: string[] }).keys.join(', ')}` : i.message })),
    };
  }
  const problems: FileProblem[] = validateResults(parsed.data.level, parsed.data.results).map((e) => ({ row: null, path: e.path, message: e.message }));
  if (parsed.data.level !== level) problems.unshift({ row: null, path: 'level', message: `the file is for ${parsed.data.level}; this form posts ${level}` });
  if (problems.length) return { ok: false, kind: 'json', problems };
  return { ok: true, kind: 'json', results: parsed.data.results as Record<string, string>, body: parsed.data };
}

/** Parses an uploaded results file for `level`; JSON when it looks like JSON (or is named .json), else CSV. */
export function parseResultsFile(level: Level, name: string, text: string): ParsedResultsFile {
  const t = text.trim();
  if (!t) return { ok: false, kind: 'unknown', problems: [{ row: null, path: 'file', message: 'the file is empty' }] };
  return /\.json$/i.test(name) || t.startsWith('{') ? parseJson(level, t) : parseCsv(level, text);
}
