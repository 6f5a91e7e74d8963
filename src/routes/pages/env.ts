import type { AppEnv } from '../env.js';
import type { PendingForm } from './validator.js';

/** The pages' Hono environment: the app's, plus the form a request posted (for onError to re-render it). */
export interface PagesEnv {
  Variables: AppEnv['Variables'] & {
    /** Set by formValidator / queryValidator before the form is checked; undefined on other requests. */
    form: PendingForm | undefined;
  };
}
