/**
 * Front-end assets served from installed packages (no CDN): USWDS (styles, fonts, icons, script),
 * htmx 2, Swagger UI (the API reference at /api/docs), and the app's own small stylesheet and script.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from './env.js';

// USWDS does not export its package.json, so the packages are found from the project root.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const USWDS_DIST = join(ROOT, 'node_modules/@uswds/uswds/dist');
const HTMX_DIST = join(ROOT, 'node_modules/htmx.org/dist');
const SWAGGER_UI_DIST = join(ROOT, 'node_modules/swagger-ui-dist');
const OWN = join(ROOT, 'views/assets');

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

const cache = new Map<string, Buffer>();

async function serveFrom(root: string, rel: string) {
  const path = normalize(join(root, rel));
  if (!path.startsWith(root + sep)) return null;
  const type = TYPES[extname(path)];
  if (!type) return null;
  let body = cache.get(path);
  if (!body) {
    try {
      body = await readFile(path);
    } catch {
      return null;
    }
    cache.set(path, body);
  }
  return { body, type };
}

export function staticAssets() {
  const app = new Hono<AppEnv>();
  const mount = (prefix: string, root: string) =>
    app.get(`${prefix}/*`, async (c) => {
      const rel = decodeURIComponent(c.req.path.slice(c.req.path.indexOf(prefix) + prefix.length + 1));
      const f = await serveFrom(root, rel);
      if (!f) return c.notFound();
      return c.body(new Uint8Array(f.body), 200, { 'Content-Type': f.type, 'Cache-Control': 'public, max-age=3600' });
    });
  mount('/uswds', USWDS_DIST);
  mount('/htmx', HTMX_DIST);
  mount('/swagger-ui', SWAGGER_UI_DIST);
  mount('/app', OWN);
  return app;
}
