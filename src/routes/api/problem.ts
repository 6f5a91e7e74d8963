/**
 * RFC 9457 problem details for the API, and the one validation hook the API's routes share:
 * malformed JSON → 400, wrong content type → 415, schema violation → 422 with every offending path,
 * service failures by kind.
 */
import type { Context } from 'hono';
import { STATUS_OF_FAILURE } from '../failure-status.js';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { ServiceError, zodErrors, type FieldError } from '../../services/errors.js';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../services/json-depth.js';
import { hasBody } from '../body-limit.js';

const TITLES: Record<number, string> = {
  400: 'Malformed request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Invalid request',
  500: 'Internal error',
  503: 'Service unavailable',
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


export function problemFromError(c: Context, err: ServiceError) {
  return problem(c, STATUS_OF_FAILURE[err.kind], err.message, err.errors);
}

/**
 * The API's one validation hook (OpenAPIHono `defaultHook`): whatever a route declares (JSON body,
 * query, path) is validated against its schema before the handler runs, and a failure answers 422
 * with every offending path. Malformed JSON (400) and an unsupported content type (415) are raised
 * by the validator itself and answered by the API's `onError` (with `malformedJson` saying where).
 */
export const validationHook = (result: { success: true } | { success: false; error: z.ZodError; target: string }) => {
  if (result.success) return;
  const errors = zodErrors(result.error);
  throw new ServiceError('validation', result.target === 'json' ? `${errors.length} field(s) are invalid` : `Invalid ${result.target === 'param' ? 'path' : result.target}`, errors);
};

export const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

/** An empty JSON body reads as `{}`, as it always has here, so the 422 names every required field. */
export const emptyJsonIsEmptyObject = createMiddleware(async (c, next) => {
  if (hasBody(c) && JSON_TYPE.test(c.req.header('content-type') ?? '') && (await c.req.text()).trim() === '') {
    c.req.raw = new Request(c.req.url, { method: c.req.method, headers: c.req.raw.headers, body: '{}' });
    c.req.bodyCache = {};
  }
  await next();
});

/** A JSON body nested deeper than any request takes is refused (400) before it is parsed (issue 12, finding 8). */
export const boundedJsonNesting = createMiddleware(async (c, next) => {
  if (hasBody(c) && JSON_TYPE.test(c.req.header('content-type') ?? '') && nestedDeeperThan(await c.req.text()))
    throw new ServiceError('malformed', `The body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`);
  await next();
});

/** Where a JSON body breaks; read from the cached text on the error path only, so a good body is parsed once. */
export async function malformedJson(c: Context): Promise<string> {
  try {
    JSON.parse(await c.req.text());
  } catch (e) {
    return `The body is not valid JSON: ${(e as Error).message}`;
  }
  return 'The body is not valid JSON';
}
