/**
 * Server-rendered pages (hono/jsx + USWDS), one sub-app per resource mounted with `app.route()`.
 * Every page works without JavaScript; htmx requests get the fragment the full page renders. One
 * onError (errors.tsx) turns every refusal into the form again or a styled page.
 */
import { Hono, type Context } from 'hono';
import { adminEmassPages } from './admin/emass.js';
import { bodyLimit, IMPORT_BODY_LIMIT, limitTable, MiB, sizeOf } from '../body-limit.js';
import { adminCompanyPages, adminEngagementPages } from './admin/companies.js';
import { adminImportPages } from './admin/import.js';
import { adminOutboxPages } from './admin/outbox.js';
import { adminUserPages } from './admin/users.js';
import { assessorPages } from './assessor/index.js';
import { attestationPages } from './attestations.js';
import { accountPages } from './auth-account.js';
import { signInStepPages } from './auth-steps.js';
import { authPages } from './auth.js';
import { companyPages } from './company/index.js';
import type { PagesEnv } from './env.js';
import { errorPage, notFoundPage, onPageError } from './errors.js';
import { flowdownPages } from './flowdown/index.js';
import { homePages } from './home.js';
import { inboxPages } from './inbox.js';
import { officerPages } from './officer/index.js';
import { preferencesPages } from './preferences.js';
import { renderer } from './render.js';
import { csrfToken, loadSession, originCheck } from './session.js';
import { uidLookupPages } from './uid-lookup.js';
import type { ReminderSettings } from '../../services/notifications/settings.js';

/**
 * The largest body each page takes (issue 12, finding 1): a form 1 MiB; a results file (JSON or
 * CSV of one assessment, a few KiB) 4 MiB; the bulk import's file what the API's import takes.
 */
const PAGE_BODY_LIMITS = limitTable('', MiB, {
  '/admin/import': IMPORT_BODY_LIMIT,
  '/assessor/assessments/new': 4 * MiB,
  '/assessor/assessments/preview': 4 * MiB,
});

export function pagesApp(opts: { reminders: ReminderSettings }) {
  const app = new Hono<PagesEnv>();
  // The renderer first, so a refused origin or token is answered with a page in the layout too; the
  // body limit before anything reads a body.
  const tooLarge = (c: Context<PagesEnv>, limit: number) =>
    errorPage(c, 413, `What was sent is larger than the ${sizeOf(limit)} this page takes. Nothing was changed; go back and send less.`);
  app.use('*', renderer, bodyLimit(PAGE_BODY_LIMITS, tooLarge), originCheck, loadSession, csrfToken);
  app.route('/', authPages());
  app.route('/sign-in', signInStepPages());
  app.route('/account', accountPages());
  app.route('/', homePages());
  app.route('/uids', uidLookupPages());
  app.route('/admin/users', adminUserPages());
  app.route('/admin/companies', adminCompanyPages());
  app.route('/admin/engagements', adminEngagementPages());
  app.route('/admin/import', adminImportPages());
  app.route('/admin/emass', adminEmassPages());
  app.route('/admin/outbox', adminOutboxPages(opts.reminders));
  app.route('/inbox', inboxPages(opts.reminders));
  app.route('/preferences', preferencesPages(opts.reminders));
  app.route('/company', companyPages());
  app.route('/assessor', assessorPages());
  app.route('/officer', officerPages());
  // /attestations/verify is public: the attestation sub-app gates sign-in per route.
  app.route('/attestations', attestationPages());
  app.route('/flowdown', flowdownPages());
  // A mounted app's notFound is never called (the parent answers), so paths with no page end here.
  app.all('*', notFoundPage);
  app.onError(onPageError);
  return app;
}
