/**
 * What the operations of the OpenAPI document share: the problem+json responses, JSON bodies and
 * answers, and the document's header. The paths come from the routes themselves (`createRoute` in
 * each resource folder), so the document served at `/api/v1/openapi.json` cannot drift from what
 * the server validates and answers.
 *
 * @see https://swagger.io/specification/ (OpenAPI 3.1)
 */
import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { validationHook } from './problem.js';

/** RFC 9457 problem details, the body of every API error (api.md Conventions). */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string().meta({ examples: ['assessments.3.uid'] }), message: z.string() })),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `errors` lists every offending path (empty when none applies)' });

const WHEN = {
  400: 'The body is not valid JSON',
  401: 'No bearer token, or the token is not valid',
  403: 'The caller\'s role may not do this',
  404: 'No such record, or one the caller may not see (never revealed)',
  409: 'Conflicts with what is stored',
  413: 'The body is larger than this operation takes (16 KiB to 64 MiB by operation; see the README)',
  415: 'The body is not sent as application/json',
  422: 'The input is invalid; every offending path is listed',
  503: 'A setting this operation needs is not configured (the problem names it)',
} as const;
type ProblemStatus = keyof typeof WHEN;
type ProblemResponse = { description: string; content: { 'application/problem+json': { schema: typeof Problem } } };

/** The problem+json answers an operation can give, by status. */
function problems<S extends ProblemStatus>(...statuses: S[]): { [K in S]: ProblemResponse } {
  return Object.fromEntries(statuses.map((s) => [s, { description: WHEN[s], content: { 'application/problem+json': { schema: Problem } } }])) as unknown as { [K in S]: ProblemResponse };
}

/** Refusals of any signed-in operation (the bearer check and the role gate). */
export const SIGNED_IN = [401, 403] as const;
/** Refusals of a JSON body: not JSON, too large, another content type, invalid. */
const JSON_BODY = [400, 413, 415, 422] as const;

/** A required JSON request body validated by `schema` (strict objects: unknown fields → 422). */
const jsonBody = <S extends z.ZodType>(schema: S, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema } },
});

export const jsonAnswer = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

type JsonBody<B extends z.ZodType> = ReturnType<typeof jsonBody<B>>;
type Part<K extends string, V> = [V] extends [undefined] ? object : { [_ in K]: V };

/**
 * An operation as one `createRoute`, with what every operation spells the same way derived once:
 * the request parts from `params`, `query` and a JSON `body`, and the problem answers those parts
 * can give (a body: 400/413/415/422; a path or query: 422) added to the operation's own `errors`.
 * `ok` holds the success answers (usually one `jsonAnswer`).
 */
export function apiRoute<
  P extends string,
  Ok extends RouteConfig['responses'],
  B extends z.ZodType | undefined = undefined,
  Pa extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(
  spec: Omit<RouteConfig, 'path' | 'request' | 'responses' | 'tags'> & {
    path: P;
    tags: [Tag];
    params?: Pa;
    query?: Q;
    body?: B;
    ok: Ok;
    errors?: ProblemStatus[];
  },
) {
  const { params, query, body, ok, errors = [], ...operation } = spec;
  const implied: ProblemStatus[] = body ? [...JSON_BODY] : params || query ? [422] : [];
  const request = { ...(params ? { params } : {}), ...(query ? { query } : {}), ...(body ? { body: jsonBody(body) } : {}) };
  return createRoute({
    ...operation,
    // An operation without request parts declares none (the document has no empty `request`).
    ...((params || query || body ? { request } : {}) as { request: Part<'params', Pa> & Part<'query', Q> & Part<'body', B extends z.ZodType ? JsonBody<B> : undefined> }),
    responses: { ...ok, ...problems(...errors, ...implied) } as Ok & { [K in ProblemStatus]?: ProblemResponse },
  });
}

const TAGS = [
  { name: 'Checks', description: 'The award, option, extension and new-UID check (DFARS 204.7503) and recorded verifications' },
  { name: 'Status records', description: 'SPRS status records of CMMC UIDs and the writes against them' },
  { name: 'Postings', description: 'Level 1/2/3 results, NIST SP 800-171 DoD Assessment scores and C3PAO engagements' },
  { name: 'Rules', description: 'Clause applicability (DFARS 204.7504) and the flowdown minimum level (32 CFR 170.23)' },
  { name: 'Attestations', description: 'Signed status attestations a contractor gives its prime' },
  { name: 'Flowdown checks', description: 'A prime\'s recorded checks of its subcontractors (rules §7)' },
  { name: 'Reminders', description: 'The daily reminder pass and each user\'s calendar feed of deadlines (issue 11)' },
  { name: 'Administration', description: 'Accounts and the bulk import of SPRS records' },
] as const;
export type Tag = (typeof TAGS)[number]['name'];

/** The document of the API app's routes, built once (the routes do not change after start-up). */
export function openApiDocument<E extends Env>(api: OpenAPIHono<E>): () => object {
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The API token an administrator received for the account (POST /users)',
  });
  let doc: object | null = null;
  return () =>
    (doc ??= api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'AwardGate API',
        version: '1.0.0',
        description:
          'The SPRS side of CMMC award eligibility (DFARS 204.7503): checks, status records, postings, attestations and flowdown checks. ' +
          'JSON in and out; dates are `YYYY-MM-DD`; identifiers (UID, CAGE, UEI) are trimmed and upper-cased before validation; ' +
          'errors are RFC 9457 problem details.',
      },
      servers: [{ url: '/api/v1', description: 'This AwardGate instance' }],
      security: [{ bearer: [] }],
      tags: [...TAGS],
    }));
}

/** A resource's router: an OpenAPIHono whose routes validate through the API's one hook. */
export const apiRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
