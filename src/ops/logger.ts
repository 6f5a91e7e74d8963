/**
 * The log: JSON lines through pino (README "Operating AwardGate", log format). Secrets stay out in
 * two ways: nothing logs a request body, header or raw path (only route patterns and ids), and
 * `redact` blanks the fields a secret could travel in if an object carrying one is ever logged.
 * A failed query's error message lists the statement's parameters (session ids, token hashes), so
 * errors are serialised without them (serializeError).
 */
import { createRequire } from 'node:module';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Field names that may hold a secret, at the top level and one or two levels down. */
const SECRET_FIELDS = ['password', 'token', 'apiToken', 'authorization', 'cookie', 'set-cookie', '_csrf', 'csrf', 'csrfToken', 'x-csrf-token', 'sessionId', 'secret', 'authToken'];
export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(f) ? f : `["${f}"]`;
  const at = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
  return [key.startsWith('[') ? key : f, at('*'), at('*.*')];
});

/**
 * A copy of the error (and its causes) without a failed query's parameters: drizzle's message
 * (and so its stack's first line) is "Failed query: <sql>\nparams: <values>".
 */
function withoutQueryParams(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const cause = withoutQueryParams(err.cause);
  const query = (err as { query?: unknown }).query;
  const hasParams = 'params' in err && typeof query === 'string';
  if (!hasParams && cause === err.cause) return err;
  const copy = new Error(hasParams ? `Failed query: ${query}` : err.message, { cause });
  copy.name = err.name;
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  copy.stack = [`${err.name}: ${copy.message}`, ...frames].join('\n');
  return copy;
}

/** pino's error serialiser (type, message and stack with their causes), minus query parameters. */
export function serializeError(err: unknown) {
  const out = stdSerializers.err(withoutQueryParams(err) as Error) as unknown as Record<string, unknown>;
  if (out && typeof out === 'object' && err instanceof Error) out.type = err.constructor.name;
  return out;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Human-readable lines (pino-pretty), for a developer's terminal; ignored when pino-pretty is not installed. */
  pretty?: boolean;
  /** Where lines go (tests capture them); standard output by default. */
  destination?: DestinationStream;
}

const prettyAvailable = () => {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
};

export function createLogger(opts: LoggerOptions): Logger {
  const options = {
    level: opts.level,
    base: { service: 'awardgate' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: serializeError },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  if (opts.pretty && !opts.destination && prettyAvailable()) return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } });
  // Asynchronous writes: a synchronous write per request cost the API a few percent of its CPU under
  // load (issue 14). A write still under way when the process exits can be lost, so the server flushes
  // the log before it exits (exitAfterLog in src/server.ts); only a SIGKILL loses the last lines.
  return pino(options, opts.destination ?? pino.destination({ dest: 1, sync: false }));
}

/** A logger that writes nothing (apps made by tests and tools). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
