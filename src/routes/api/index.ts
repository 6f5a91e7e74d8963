/**
 * The public JSON API (api.md), one sub-app per resource. Authentication by bearer token; every
 * failure answers problem+json.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ServiceError } from '../../services/errors.js';
import type { AppEnv } from '../env.js';
import { bearerAuth } from './auth.js';
import { checksApi } from './checks.js';
import { companiesApi } from './companies.js';
import { engagementsApi } from './engagements.js';
import { importApi } from './import.js';
import { openApiDocument } from './openapi.js';
import { problem, problemFromError } from './problem.js';
import { applicabilityApi, flowdownLevelApi } from './rules.js';
import { attestationsApi } from './attestations.js';
import { flowdownChecksApi } from './flowdown-checks.js';
import { uidsApi } from './uids.js';
import { usersApi } from './users.js';
import { verificationsApi } from './verifications.js';

export function apiApp() {
  const api = new Hono<AppEnv>();
  api.get('/openapi.json', (c) => c.json(openApiDocument()));
  api.use('*', bodyLimit({ maxSize: 64 * 1024 * 1024, onError: (c) => problem(c, 413, 'The body is larger than 64 MiB') }));
  api.use('*', bearerAuth);
  api.route('/users', usersApi);
  api.route('/import', importApi);
  api.route('/checks', checksApi);
  api.route('/verifications', verificationsApi);
  api.route('/uids', uidsApi);
  api.route('/companies', companiesApi);
  api.route('/engagements', engagementsApi);
  api.route('/applicability', applicabilityApi);
  api.route('/flowdown/required-level', flowdownLevelApi);
  api.route('/attestations', attestationsApi);
  api.route('/flowdown-checks', flowdownChecksApi);
  api.notFound((c) => problem(c, 404, `No API endpoint ${c.req.method} ${c.req.path}`));
  // A mounted sub-app's notFound is never called (the parent's answers text/plain), so unknown API
  // paths are caught here to keep every API error problem+json (api.md Conventions).
  api.all('*', (c) => problem(c, 404, `No API endpoint ${c.req.method} ${c.req.path}`));
  api.onError((err, c) => {
    if (err instanceof ServiceError) return problemFromError(c, err);
    if (err instanceof HTTPException) return problem(c, err.status as 400, err.message || 'Request refused');
    // The request log (src/ops/http.ts) logs this error with its stack, beside the request's id.
    return problem(c, 500, 'The server could not complete the request; nothing was changed by it');
  });
  return api;
}
