/**
 * Interactive API reference at /api/docs: Swagger UI from the installed swagger-ui-dist package,
 * its script and stylesheet served through the app's own /assets (no CDN: the machine has no
 * internet and the CSP allows only 'self'), reading the document the routes build
 * (/api/v1/openapi.json). Its one inline script, the initialiser, runs under a nonce that only this
 * page's Content-Security-Policy carries (app.ts).
 *
 * swagger-ui-dist rather than Scalar's reference: Scalar's browser bundle comes with
 * @scalar/api-reference and ~300 packages (≈330 MB in node_modules); swagger-ui-dist is one package.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../env.js';

export const API_DOCS_PATH = '/api/docs';

export function apiDocs() {
  return new Hono<AppEnv>().get('/', (c) => {
    const nonce = c.get('secureHeadersNonce') ?? '';
    // validatorUrl: null, or Swagger UI asks validator.swagger.io to grade the document.
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>AwardGate API reference</title>
    <link rel="stylesheet" href="/assets/swagger-ui/swagger-ui.css" />
  </head>
  <body>
    <main id="api-reference"></main>
    <script src="/assets/swagger-ui/swagger-ui-bundle.js"></script>
    <script nonce="${nonce}">
      SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#api-reference', validatorUrl: null, deepLinking: true });
    </script>
  </body>
</html>`);
  });
}
