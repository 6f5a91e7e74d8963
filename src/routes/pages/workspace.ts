/** A role's workspace: one permission in front of every page, then each resource's sub-app at its path. */
import { Hono, type Schema } from 'hono';
import type { Action } from '../../domain/permissions.js';
import type { PagesEnv } from './env.js';
import { requireUser } from './session.js';

type SubApp = Hono<PagesEnv, Schema, string>;

/** Mounts in the order given (Hono matches in that order); a path may take several sub-apps. */
export function workspace(action: Action, mounts: Record<string, SubApp | SubApp[]>) {
  const app = new Hono<PagesEnv>().use('*', requireUser(action));
  for (const [path, subs] of Object.entries(mounts)) for (const sub of [subs].flat()) app.route(path, sub);
  return app;
}
