/**
 * RFC 9457 problem details for the API, and the one validator wrapper the API uses: malformed JSON
 * → 400, schema violation → 422 with every offending path, service failures by kind.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { ServiceError, type FieldError } from '../../services/errors.js';

const TITLES: Record<number, string> = {
  400: 'Malformed request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Invalid request',
  500: 'Internal error',
};

export function problem(c: Context, status: ContentfulStatusCode, detail: string, errors: FieldError[] = []) {
  const body = {
    type: `https://awardgate.example/problems/${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    errors,
  };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}

const STATUS_OF: Record<ServiceError['kind'], ContentfulStatusCode> = {
  malformed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation: 422,
};

export function problemFromError(c: Context, err: ServiceError) {
  return problem(c, STATUS_OF[err.kind], err.message, err.errors);
}

export const zodErrors = (error: z.ZodError): FieldError[] =>
  error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(body)',
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${(i as { keys: string[] }).keys.join(', ')}` : i.message,
  }));

/** Reads and validates a JSON body; throws ServiceError for 400/415/422 (the API's error handler answers). */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  const raw = await c.req.text();
  if (type && !/json/i.test(type)) throw new ServiceError('malformed', 'Send the body as application/json');
  let data: unknown;
  try {
    data = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch (e) {
    throw new ServiceError('malformed', `The body is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const errors = zodErrors(parsed.error);
    throw new ServiceError('validation', `${errors.length} field(s) are invalid`, errors);
  }
  return parsed.data;
}
