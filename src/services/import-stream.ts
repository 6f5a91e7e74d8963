/**
 * The bulk import read from a stream (api.md POST /api/v1/import; issue 12, finding 2): the same
 * answers as before (400 for a body that is not JSON, 422 with every offending path, 409, 201, all
 * or nothing), without one large batch stopping every other request or holding the whole body.
 * - The body is tokenized as it arrives (@streamparser/json: no recursion; nesting deeper than
 *   MAX_JSON_DEPTH is refused), and each record of `companies`, `assessments` and
 *   `nistAssessments` is checked by its own zod schema as soon as it is complete; only the parsed
 *   record is kept, and none once any record is invalid (nothing will be written then).
 * - Between slices of the body, the checks and the writes, the event loop is given back (pace.ts);
 *   the records are written by the bulk writer in one transaction of short statements.
 * - One import runs at a time per database; another waits for it without reading its body yet.
 */
import { sql } from 'drizzle-orm';
import { Tokenizer, TokenizerError, TokenParser, TokenParserError, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import type { Database } from '../../db/client.js';
import { may } from '../domain/permissions.js';
import type { Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { forbidden, invalid, ServiceError, zodErrors, type FieldError } from './errors.js';
import { importRecords, type ImportResult } from './import.js';
import { ImportAssessment, ImportCompany, ImportInput, ImportNist } from './inputs.js';
import { MAX_JSON_DEPTH } from './json-depth.js';
import { pacer, unpaced, type Pace } from './pace.js';

export type ImportPhase = 'waiting' | 'reading' | 'checking' | 'writing' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  /** Bytes of the body read so far. */
  bytes: number;
  /** Records read so far (companies, assessments and NIST assessments). */
  records: number;
  /** Assessments in the batch, once it has been read. */
  assessments: number;
  /** Assessments written so far. */
  written: number;
}

const ARRAYS = { companies: ImportCompany, assessments: ImportAssessment, nistAssessments: ImportNist } as const;
type ArrayKey = keyof typeof ARRAYS;
const isArrayKey = (k: unknown): k is ArrayKey => typeof k === 'string' && Object.hasOwn(ARRAYS, k);
/** api.md: up to 100,000 records per array (the schema's own maximum). */
const MAX_RECORDS = 100_000;
/** A batch that is wrong throughout lists this many problems and counts the rest. */
const MAX_LISTED = 10_000;
/** Bytes tokenized per turn: about a millisecond of work. */
const SLICE = 16 * 1024;
/** Rows per INSERT of a paced import: each statement a short turn. */
const ROWS_PER_STATEMENT = 500;

/** A value of the token's JSON type, for checking the body's outer shape with the import schema itself. */
function sampleOf(token: TokenType): unknown {
  switch (token) {
    case TokenType.LEFT_BRACE:
      return {};
    case TokenType.LEFT_BRACKET:
      return [];
    case TokenType.STRING:
      return '';
    case TokenType.NUMBER:
      return 0;
    case TokenType.TRUE:
    case TokenType.FALSE:
      return true;
    default:
      return null;
  }
}

const malformed = (why: string) => new ServiceError('malformed', `The body is not valid JSON: ${why}`);

/** Reads and checks the records of an import body; throws 400 or 422 as the API answers. */
export async function readImport(body: AsyncIterable<Uint8Array> | null, pace: Pace, onRead: (bytes: number, records: number) => void = () => {}): Promise<ImportInput> {
  const kept: { [K in ArrayKey]: unknown[] } = { companies: [], assessments: [], nistAssessments: [] };
  const counts: Record<ArrayKey, number> = { companies: 0, assessments: 0, nistAssessments: 0 };
  const errors: FieldError[] = [];
  let invalidCount = 0;
  const fail = (e: FieldError) => {
    if (!invalidCount) for (const k of Object.keys(kept) as ArrayKey[]) kept[k] = [];
    invalidCount++;
    if (errors.length < MAX_LISTED) errors.push(e);
  };

  // The body's outer shape, followed token by token: the root value and, in a root object, each
  // key with the JSON type of its value (checked against ImportInput at the end).
  let root: unknown;
  const shell: Record<string, unknown> = Object.create(null);
  let depth = 0;
  let expect: 'key' | 'colon' | 'value' | 'comma' = 'key';
  let key = '';

  const parser = new TokenParser({ paths: Object.keys(ARRAYS).map((k) => `$.${k}.*`), keepStack: false });
  parser.onValue = ({ value, key: index, stack }) => {
    const array = stack[1]?.key;
    if (!isArrayKey(array)) return;
    const n = counts[array]++;
    if (n === MAX_RECORDS) fail({ path: array, message: `Too big: expected array to have <=${MAX_RECORDS} items` });
    if (n >= MAX_RECORDS) return;
    const parsed = ARRAYS[array].safeParse(value);
    if (!parsed.success) for (const e of zodErrors(parsed.error, `${array}.${String(index)}`)) fail(e);
    else if (!invalidCount) kept[array].push(parsed.data);
  };

  const tokenizer = new Tokenizer({ stringBufferSize: 64 * 1024 });
  tokenizer.onToken = (t: ParsedTokenInfo) => {
    const { token } = t;
    if (root === undefined) root = sampleOf(token);
    else if (depth === 1) {
      if (expect === 'key' && token === TokenType.STRING) {
        key = String(t.value);
        expect = 'colon';
      } else if (expect === 'colon') expect = 'value';
      else if (expect === 'value') {
        // A key given twice counts once, its last value, as JSON.parse reads it.
        if (isArrayKey(key)) [kept[key], counts[key]] = [[], 0];
        shell[key] = isArrayKey(key) && token === TokenType.LEFT_BRACKET ? [] : sampleOf(token);
        expect = 'comma';
      } else if (expect === 'comma') expect = 'key';
    }
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) throw malformed(`it nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`);
    } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth--;
    parser.write(t);
  };

  let bytes = 0;
  try {
    for await (const chunk of body ?? []) {
      for (let at = 0; at < chunk.length; at += SLICE) {
        const slice = chunk.subarray(at, at + SLICE);
        tokenizer.write(slice);
        bytes += slice.length;
        onRead(bytes, counts.companies + counts.assessments + counts.nistAssessments);
        await pace();
      }
    }
    if (!tokenizer.isEnded) tokenizer.end();
    if (root !== undefined && !parser.isEnded) throw malformed('it ends before the JSON value is complete');
  } catch (e) {
    if (e instanceof TokenizerError || e instanceof TokenParserError) throw malformed(e.message);
    throw e;
  }
  // An empty body reads as `{}`, as it does for every JSON route of the API.
  const outer = ImportInput.safeParse(root === undefined ? {} : typeof root === 'object' && root !== null && !Array.isArray(root) ? shell : root);
  if (!outer.success) for (const e of zodErrors(outer.error)) fail(e);
  if (invalidCount)
    throw invalid(invalidCount > errors.length ? `${invalidCount} field(s) are invalid; the first ${errors.length} are listed` : `${invalidCount} field(s) are invalid`, errors);
  return kept as ImportInput;
}

/** Per database, the import that runs now; the next one waits for it. */
const running = new WeakMap<Database, Promise<void>>();

async function oneAtATime<T>(database: Database, waiting: () => void, work: () => Promise<T>): Promise<T> {
  const before = running.get(database);
  let finished!: () => void;
  const mine = new Promise<void>((resolve) => (finished = resolve));
  running.set(database, (before ?? Promise.resolve()).then(() => mine));
  if (before) {
    waiting();
    await before;
  }
  try {
    return await work();
  } finally {
    finished();
  }
}

/**
 * A database without a file (`:memory:`) has one connection, which the import's transaction holds:
 * pausing inside it would leave requests that arrive meanwhile no connection (TRANSACTION_ACTIVE),
 * so there the import runs its checks and writes in one turn, as before.
 */
export async function pausesSafely(database: Database): Promise<boolean> {
  if (database.client.protocol !== 'file') return true;
  const [main] = await database.db.all<{ file: string }>(sql`SELECT file FROM pragma_database_list WHERE name = 'main'`);
  return Boolean(main?.file);
}

/** Imports a JSON body as it streams in; `onProgress` hears each step (the import page shows it). */
export async function importStream(ctx: ServiceContext, actor: Actor, body: AsyncIterable<Uint8Array> | null, onProgress: (p: ImportProgress) => void = () => {}): Promise<ImportResult> {
  if (!may(actor.role, 'records.import')) throw forbidden('Only administrators bulk-load records');
  const progress: ImportProgress = { phase: 'waiting', bytes: 0, records: 0, assessments: 0, written: 0 };
  const step = (change: Partial<ImportProgress>) => {
    Object.assign(progress, change);
    onProgress({ ...progress });
  };
  return oneAtATime(
    ctx.database,
    () => step({ phase: 'waiting' }),
    async () => {
      const pace = pacer();
      step({ phase: 'reading' });
      const input = await readImport(body, pace, (bytes, records) => step({ bytes, records }));
      step({ phase: 'checking', assessments: input.assessments.length });
      const writePace = (await pausesSafely(ctx.database)) ? pace : unpaced;
      const result = await importRecords(ctx, actor, input, { bulk: true, pace: writePace, rowsPerStatement: ROWS_PER_STATEMENT, onWritten: (written) => step({ phase: 'writing', written }) });
      step({ phase: 'done', written: input.assessments.length });
      return result;
    },
  );
}
