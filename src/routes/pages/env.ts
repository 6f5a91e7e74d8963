import type { PendingSignIn } from '../../services/auth/sign-in.js';
import type { AppEnv } from '../env.js';
import type { PendingForm } from './validator.js';

/** The pages' Hono environment: the app's, plus the form a request posted (for onError to re-render it). */
export interface PagesEnv {
  Variables: AppEnv['Variables'] & {
    /** Set by formValidator / queryValidator before the form is checked; undefined on other requests. */
    form: PendingForm | undefined;
    /** An enabled demo account exists: every page shows the demo banner. */
    demoAccounts: boolean;
    /** The sign-in steps' pending sign-in (auth-steps.tsx); undefined elsewhere. */
    pendingSignIn: PendingSignIn | undefined;
  };
}
