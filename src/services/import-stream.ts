/**
 * The bulk import read from a stream (api.md POST /api/v1/import; issue 12, finding 2): the same
 * answers as before (400 for a body that is not JSON, 422 with every offending path, 409, 201, all
 * or nothing), written while it is read, so that neither the body nor the parsed batch is held.
 * - The body is tokenized as it arrives (@streamparser/json: no recursion; nesting deeper than
 *   MAX_JSON_DEPTH is refused), and each record of `companies`, `assessments` and
 *   `nistAssessments` is checked by its own zod schema as soon as it is complete.
 * - One transaction is open from the first byte: every ROWS_PER_STATEMENT records are checked
 *   against each other and the database (importSession) and written by the bulk writer; the
 *   first invalid record stops the writing, and the answer rolls everything back.
 * - Between slices of the body, the checks and the statements, the event loop is given back
 *   (pace.ts), so other requests wait one slice, not the import.
 * - One import runs at a time per database; another waits for it without reading its body yet.
 */
import { sql } from 'drizzle-orm';
import { Tokenizer, TokenizerError, TokenParser, TokenParserError, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import type { Database } from '../../db/client.js';
import { importRecordChecker } from '../domain/import-rules.js';
import { may } from '../domain/permissions.js';
import type { Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { forbidden, invalid, ServiceError, zodErrors, type FieldError } from './errors.js';
import type { ImportResult } from './import.js';
import { AUDITED_UIDS, bulkWriter, type Tx } from './import-bulk.js';
import { cageTwice, existing, invalidRecords, uidConflicts, uidStored, uidTwice, unknownCage } from './import-validation.js';
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
/** Records checked and written together, and rows per INSERT: each statement a short turn. */
const ROWS_PER_STATEMENT = 250;
/** Work between two turns given back: a request that arrives meanwhile waits about this long. */
const SLICE_MS = 5;

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

/** Where readImport hands what it reads, as it reads it. */
export interface ImportSink {
  /** A record of one of the arrays that its schema accepted. */
  record(array: ArrayKey, index: number, data: unknown): void;
  /** An array of the root object has ended: every record of it has been handed over. */
  ended(array: ArrayKey): void;
  /** The first invalid field: nothing will be written, so nothing more is handed over. */
  invalid(): void;
  /** After each slice of the body: the work its records call for (checks, writes). */
  drain(): Promise<void>;
}

/**
 * Reads an import body and hands each record to `sink` once its schema accepts it; throws 400 or
 * 422 (the schemas' answers) as the API gives them. Holds no record itself.
 */
export async function readImport(body: AsyncIterable<Uint8Array> | null, pace: Pace, onRead: (bytes: number, records: number) => void, sink: ImportSink): Promise<void> {
  const counts: Record<ArrayKey, number> = { companies: 0, assessments: 0, nistAssessments: 0 };
  const errors: FieldError[] = [];
  let invalidCount = 0;
  const fail = (e: FieldError) => {
    if (!invalidCount) sink.invalid();
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
    else if (!invalidCount) sink.record(array, Number(index), parsed.data);
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
        // JSON.parse would keep a repeated key's last value, but the records of the first are
        // written by then: the batch is refused instead (nothing of it is stored).
        if (isArrayKey(key) && key in shell) fail({ path: key, message: 'appears twice in the body; give each array once' });
        shell[key] = isArrayKey(key) && token === TokenType.LEFT_BRACKET ? [] : sampleOf(token);
        expect = 'comma';
      } else if (expect === 'comma') expect = 'key';
    }
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) throw malformed(`it nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`);
    } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) {
      // Back at the root object's level: the value of `key` has ended (its records were handed over).
      if (--depth === 1 && isArrayKey(key) && token === TokenType.RIGHT_BRACKET) sink.ended(key);
    }
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
        await sink.drain();
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
}

type Company = ImportInput['companies'][number];
type Nist = ImportInput['nistAssessments'][number];
type Pending = { kind: 'assessments'; i: number; rec: ImportAssessment } | { kind: 'nistAssessments'; i: number; rec: Nist };
type Indexed = { i: number; e: FieldError };
const byIndex = (a: Indexed, b: Indexed) => a.i - b.i;

/**
 * The checks of import-validation.ts, made record by record inside the import's transaction, and
 * the writes of the records that pass them, batch by batch. What the checks across records need is
 * asked of the database inside the transaction (a UID written earlier by this import is a repeat,
 * one stored before it a conflict) or kept compact: each CAGE's HLO (a Map), the request's
 * companies until their array ends (they are written then, before the records that follow them).
 * A record arriving before the companies that may name its CAGE waits for them (as does every
 * record after it, so records are written in their order); a body that lists its companies first
 * is never held.
 */
async function importSession(tx: Tx, actor: Actor, now: Date, pace: Pace, onWritten: (n: number) => void) {
  const writer = await bulkWriter(tx, actor, now, { pace, rowsPerStatement: ROWS_PER_STATEMENT, onWritten });
  const checkRecord = importRecordChecker();
  const counts = { companies: 0, assessments: 0, nistAssessments: 0 };
  const uids: string[] = [];
  let companies: { i: number; c: Company }[] = [];
  let companiesEnded = false;
  let companiesDone = false;
  const requestHlo = new Map<string, string>();
  /** Stored companies' HLOs as read in this transaction (null: not stored). */
  const storedHlo = new Map<string, string | null>();
  const hloOf = (cage: string): string | undefined => requestHlo.get(cage) ?? storedHlo.get(cage) ?? undefined;
  /** First CAGEs of records written before the companies were read: their HLO was the stored one. */
  const usedStored = new Set<string>();
  let pending: Pending[] = [];
  let waiting: Pending[] = [];
  /** UIDs of records checked but not written (once the batch has failed): later copies are found here, not in the database. */
  const unwritten = new Set<string>();
  let stopped = false;
  const companyErrors: FieldError[] = [];
  const recordErrors: Indexed[] = [];
  const nistErrors: Indexed[] = [];
  const twice: Indexed[] = [];
  const stored: Indexed[] = [];
  const invalidFound = () => companyErrors.length + recordErrors.length + nistErrors.length > 0;
  const failed = () => stopped || invalidFound() || twice.length + stored.length > 0;

  async function resolve(cages: Iterable<string>): Promise<void> {
    const unknown = new Set<string>();
    for (const c of cages) if (!requestHlo.has(c) && !storedHlo.has(c)) unknown.add(c);
    if (!unknown.size) return;
    const found = await existing(tx, 'companies', 'cage', [...unknown]);
    for (const c of unknown) storedHlo.set(c, found.get(c) ?? null);
  }

  async function settleCompanies(): Promise<void> {
    const list = companies;
    companies = [];
    const seenCages = new Set<string>();
    for (const { i, c } of list) {
      if (seenCages.has(c.cage)) companyErrors.push(cageTwice(`companies.${i}.cage`, c.cage));
      seenCages.add(c.cage);
      requestHlo.set(c.cage, c.hloCage ?? c.cage);
    }
    await resolve([...list.map(({ c }) => c.hloCage ?? c.cage), ...usedStored]);
    for (const { i, c } of list) {
      const hlo = c.hloCage ?? c.cage;
      if (hloOf(hlo) === undefined) companyErrors.push(unknownCage(`companies.${i}.hloCage`, hlo));
    }
    for (const { i, c } of list) {
      const was = storedHlo.get(c.cage);
      if (usedStored.has(c.cage) && was !== requestHlo.get(c.cage))
        companyErrors.push({ path: `companies.${i}.hloCage`, message: `CAGE ${c.cage} is used by records earlier in the body under its stored HLO ${was}; list the companies before the records to change it` });
    }
    if (!failed()) await writer.companies(list.map(({ c }) => c));
    companiesDone = true;
    pending = [...waiting, ...pending];
    waiting = [];
  }

  async function checkAndWrite(part: Pending[]): Promise<void> {
    await resolve(part.flatMap((p) => p.rec.cages));
    const assessments: ImportAssessment[] = [];
    const nist: Nist[] = [];
    const inPart = new Set<string>();
    const probe: { i: number; uid: string }[] = [];
    for (const [n, p] of part.entries()) {
      if (n % 256 === 0) await pace();
      if (!companiesDone && (waiting.length || p.rec.cages.some((c) => hloOf(c) === undefined))) {
        waiting.push(p);
        continue;
      }
      const path = `${p.kind}.${p.i}`;
      const errors = p.kind === 'assessments' ? recordErrors : nistErrors;
      p.rec.cages.forEach((c, j) => {
        if (hloOf(c) === undefined) errors.push({ i: p.i, e: unknownCage(`${path}.cages.${j}`, c) });
      });
      if (p.kind === 'nistAssessments') {
        nist.push(p.rec);
        continue;
      }
      const a = p.rec;
      if (inPart.has(a.uid) || unwritten.has(a.uid)) twice.push({ i: p.i, e: uidTwice(`${path}.uid`, a.uid) });
      else probe.push({ i: p.i, uid: a.uid });
      inPart.add(a.uid);
      for (const e of checkRecord(a, path)) recordErrors.push({ i: p.i, e });
      assessments.push(a);
      if (uids.length <= AUDITED_UIDS) uids.push(a.uid);
    }
    // A 422 answer lists no conflicts, so UIDs are probed only while none is invalid. A UID the
    // database holds is stored already, or was written by this import from an earlier record.
    if (probe.length && !invalidFound()) {
      const held = await tx.all<{ uid: string; mine: number }>(
        sql`SELECT uid, seq > ${writer.seqBefore} AS mine FROM assessments WHERE uid IN (SELECT value FROM json_each(${JSON.stringify(probe.map((f) => f.uid))}))`,
      );
      const mine = new Map(held.map((h) => [h.uid, Boolean(h.mine)]));
      for (const { i, uid } of probe)
        if (mine.has(uid)) (mine.get(uid) ? twice : stored).push({ i, e: (mine.get(uid) ? uidTwice : uidStored)(`assessments.${i}.uid`, uid) });
    }
    if (failed()) {
      for (const uid of inPart) unwritten.add(uid);
      return;
    }
    const hlos = new Map<string, string>();
    for (const r of [...assessments, ...nist]) {
      hlos.set(r.cages[0], hloOf(r.cages[0])!);
      if (!companiesDone) usedStored.add(r.cages[0]);
    }
    await writer.assessments(assessments, hlos);
    await writer.nistAssessments(nist, hlos);
  }

  const sink: ImportSink = {
    record(array, i, data) {
      if (stopped) return;
      counts[array]++;
      if (array === 'companies') companies.push({ i, c: data as Company });
      else pending.push({ kind: array, i, rec: data } as Pending);
    },
    ended(array) {
      if (array === 'companies') companiesEnded = true;
    },
    invalid() {
      stopped = true;
      [companies, pending, waiting] = [[], [], []];
    },
    async drain() {
      if (stopped) return;
      if (companiesEnded && !companiesDone) await settleCompanies();
      while (pending.length >= ROWS_PER_STATEMENT) await checkAndWrite(pending.splice(0, ROWS_PER_STATEMENT));
    },
  };

  /** After the body: the records still held, then the answer (422, 409) or the batch's last writes. */
  async function finish(): Promise<ImportResult> {
    if (!companiesDone) await settleCompanies();
    while (pending.length) await checkAndWrite(pending.splice(0, ROWS_PER_STATEMENT));
    const errors = [...companyErrors, ...recordErrors.sort(byIndex).map((x) => x.e), ...nistErrors.sort(byIndex).map((x) => x.e)];
    if (errors.length) throw invalidRecords(errors);
    const conflicts = [...twice.sort(byIndex), ...stored.sort(byIndex)].map((x) => x.e);
    if (conflicts.length) throw uidConflicts(conflicts);
    await writer.finish(counts, counts.assessments <= AUDITED_UIDS ? uids : undefined);
    return { imported: { ...counts } };
  }
  return { sink, finish, counts };
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

/**
 * Imports a JSON body as it streams in, in one transaction opened before the first byte is read:
 * each batch of records is checked and written as soon as it has arrived, and any invalid record,
 * conflict or lost connection rolls the whole batch back. `onProgress` hears each step (the import
 * page shows it).
 */
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
      // Asked before the transaction holds the only connection of an in-memory database.
      // Between slices it gives way while other requests are in flight (more than the import's own; a
      // page import outlives its request, so there one other request goes unnoticed).
      const othersBusy = () => (ctx.requestsInFlight?.() ?? 0) > 1;
      const pace = (await pausesSafely(ctx.database)) ? pacer(SLICE_MS, othersBusy) : unpaced;
      step({ phase: 'reading' });
      const work = ctx.database.db.transaction(async (tx) => {
        const session = await importSession(tx, actor, ctx.clock.now(), pace, (written) => step({ written }));
        await readImport(body, pace, (bytes, records) => step({ bytes, records }), session.sink);
        step({ phase: 'writing', assessments: session.counts.assessments });
        return session.finish();
      });
      const result = await (ctx.metrics ? ctx.metrics.countImport(work) : work);
      step({ phase: 'done', written: result.imported.assessments });
      return result;
    },
  );
}
