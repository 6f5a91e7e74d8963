import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

/** Server-rendered pages (placeholder until the layout lands). */
export function pagesApp(_opts: { secureCookies: boolean }) {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.html('<!doctype html><title>AwardGate</title><h1>AwardGate</h1>'));
  return app;
}
