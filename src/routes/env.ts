import type { Actor } from '../services/actor.js';
import type { AuthSettings } from '../services/auth/settings.js';
import type { ServiceContext } from '../services/context.js';
import type { EmassSettings } from '../services/emass/settings.js';

/** Hono environment shared by every sub-app. */
export interface AppEnv {
  Variables: {
    ctx: ServiceContext;
    actor: Actor | null;
    /** Set by the session middleware for pages (double-submit is not needed: the token lives server-side). */
    csrfToken: string | null;
    /** Sign-in settings (proxy trust, public URL, demo mode). */
    auth: AuthSettings;
    /** The eMASS feed's settings (issue 9); null while EMASS_URL is unset. */
    emass: EmassSettings | null;
    /** PUBLIC_URL (src/config.ts publicUrl): links the app builds and the WebAuthn relying party start from it. */
    publicUrl: string;
  };
}
