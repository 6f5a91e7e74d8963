import type { Actor } from '../services/actor.js';
import type { ServiceContext } from '../services/context.js';

/** Hono environment shared by every sub-app. */
export interface AppEnv {
  Variables: {
    ctx: ServiceContext;
    actor: Actor | null;
    /** Set by the session middleware for pages (double-submit is not needed: the token lives server-side). */
    csrfToken: string | null;
    /** PUBLIC_URL for links the app builds; null in development (the request's origin is used). */
    publicUrl: string | null;
  };
}
