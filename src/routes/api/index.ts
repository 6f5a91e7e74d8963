/**
 * The public JSON API (api.md), one router per resource. Each route is declared with `apiRoute`
 * (openapi.ts, over `createRoute`; its folder's routes.ts), which both validates the request and
 * describes the operation, so the OpenAPI document served here is built from the routes themselves.
 * Authentication by bearer token; every failure answers problem+json.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { ServiceError } from '../../services/errors.js';
import type { ReminderSettings } from '../../services/notifications/settings.js';
import { bodyLimit, IMPORT_BODY_LIMIT, KiB, limitTable, sizeOf } from '../body-limit.js';
import type { AppEnv } from '../env.js';
import { attestationsApi } from './attestations/index.js';
import { bearerAuth } from './auth.js';
import { checksApi } from './checks/index.js';
import { companiesApi } from './companies/index.js';
import { emassApi } from './emass/index.js';
import { engagementsApi } from './engagements/index.js';
import { flowdownChecksApi } from './flowdown-checks/index.js';
import { importApi } from './import/index.js';
import { meApi } from './me/index.js';
import { notificationsApi } from './notifications/index.js';
import { openApiDocument } from './openapi.js';
import { boundedJsonNesting, emptyJsonIsEmptyObject, malformedJson, problem, problemFromError, validationHook } from './problem.js';
import { rulesApi } from './rules/index.js';
import { uidsApi } from './uids/index.js';
import { usersApi } from './users/index.js';
import { verificationsApi } from './verifications/index.js';

/**
 * The largest body each operation takes (issue 12, findings 1 and 2), sized to its schema's maxima;
 * 64 KiB for the rest (a posting's 110 results with an affirmation is about 4 KiB).
 */
const API_BODY_LIMITS = limitTable('/api/v1', 64 * KiB, {
  '/import': IMPORT_BODY_LIMIT,
  // 1000 UIDs of up to 100 characters, with the recorded fields.
  '/checks': 256 * KiB,
  // A token of up to 64 KiB.
  '/attestations/verify': 128 * KiB,
  '/flowdown-checks': 128 * KiB,
  // A handful of enums and a date.
  '/applicability': 16 * KiB,
  '/flowdown/required-level': 16 * KiB,
});

export function apiApp(opts: { reminders: ReminderSettings }) {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const document = openApiDocument(api);
  // Public, like the contract it describes: read before the bearer check.
  api.get('/openapi.json', (c) => c.json(document()));
  api.use('*', bodyLimit(API_BODY_LIMITS, (c, limit) => problem(c, 413, `The body is larger than the ${sizeOf(limit)} ${c.req.method} ${c.req.path} accepts`)));
  api.use('*', bearerAuth);
  // The import streams its body (services/import-stream.ts): mounted before the middleware below,
  // which reads a JSON body whole, so that middleware never runs for it.
  api.route('/import', importApi);
  api.use('*', emptyJsonIsEmptyObject, boundedJsonNesting);
  api.route('/users', usersApi);
  api.route('/checks', checksApi);
  api.route('/verifications', verificationsApi);
  api.route('/uids', uidsApi);
  api.route('/companies', companiesApi);
  api.route('/engagements', engagementsApi);
  api.route('/', rulesApi);
  api.route('/attestations', attestationsApi);
  api.route('/flowdown-checks', flowdownChecksApi);
  api.route('/emass', emassApi);
  api.route('/notifications', notificationsApi(opts.reminders));
  api.route('/me', meApi(opts.reminders));
  api.notFound((c) => problem(c, 404, `No API endpoint ${c.req.method} ${c.req.path}`));
  // A mounted sub-app's notFound is never called (the parent's answers text/plain), so unknown API
  // paths are caught here to keep every API error problem+json (api.md Conventions).
  api.all('*', (c) => problem(c, 404, `No API endpoint ${c.req.method} ${c.req.path}`));
  api.onError(async (err, c) => {
    if (err instanceof ServiceError) return problemFromError(c, err);
    // The validators' own refusals: malformed JSON (400) and a body that is not JSON (415).
    if (err instanceof HTTPException && err.status === 400) return problem(c, 400, await malformedJson(c));
    if (err instanceof HTTPException && err.status === 415) return problem(c, 415, 'Send the body as application/json');
    if (err instanceof HTTPException) return problem(c, err.status as 400, err.message || 'Request refused');
    // The request log (src/ops/http.ts) logs this error with its stack, beside the request's id.
    return problem(c, 500, 'The server could not complete the request; nothing was changed by it');
  });
  return api;
}
