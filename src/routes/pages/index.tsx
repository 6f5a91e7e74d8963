/**
 * Server-rendered pages (hono/jsx + USWDS), each workspace a sub-app. Every page works without
 * JavaScript; htmx requests get the fragment the full page renders.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { HomePage } from '../../../views/pages/home.js';
import { RulesPage } from '../../../views/pages/rules.js';
import { ASSUMPTIONS } from '../../domain/assumptions.js';
import { calendar } from '../../domain/calendar.js';
import { describeReasons, isEndingReason } from '../../domain/reasons.js';
import { UidLookupPage, UidLookupResult } from '../../../views/pages/uid-lookup.js';
import { contractorAlerts } from '../../services/contractor.js';
import { ServiceError } from '../../services/errors.js';
import { ComplianceChangeInput } from '../../services/inputs.js';
import { getRecord, recordComplianceChange } from '../../services/records.js';
import { CONFIRM_CHANGE_MESSAGE } from '../../../views/components/compliance-change.js';
import type { FormErrors, FormValues } from '../../../views/components/form.js';
import { opt, parseValues, readForm, serviceErrorsToForm } from './forms.js';
import type { AppEnv } from '../env.js';
import { adminPages } from './admin.js';
import { assessorPages } from './assessor.js';
import { attestationPages } from './attestations.js';
import { authPages } from './auth.js';
import { companyPages } from './company.js';
import { flowdownPages } from './flowdown.js';
import { officerPages } from './officer.js';
import { pageOrFragment, renderer, serverErrorPage } from './render.js';
import { csrfToken, loadSession, originCheck, requireUser } from './session.js';

export function pagesApp(opts: { secureCookies: boolean }) {
  const app = new Hono<AppEnv>();
  app.use('*', originCheck, loadSession, csrfToken, renderer);
  app.route('/', authPages(opts));
  app.route('/admin', adminPages());
  app.route('/company', companyPages());
  app.route('/assessor', assessorPages());
  app.route('/officer', officerPages());
  // /attestations/verify is public: the attestation sub-app gates sign-in per route.
  app.route('/attestations', attestationPages());
  app.route('/flowdown', flowdownPages());
  app.get('/', requireUser(), async (c) =>
    c.render(<HomePage actor={c.var.actor!} today={c.var.ctx.clock.today()} alerts={await contractorAlerts(c.var.ctx, c.var.actor!)} />, { title: 'Home' }),
  );
  app.get('/rules', (c) => c.render(<RulesPage assumptions={ASSUMPTIONS} reasons={describeReasons('eligibility')} phases={calendar.phases} />, { title: 'Rules and assumptions' }));
  /** The UID lookup; DIBCAC and administrators also get the compliance-change form (rules §9). */
  const uidLookup = async (c: Context<AppEnv>, uid: string, failed: { values: FormValues; errors: FormErrors } | null = null) => {
    let rec = null;
    const errors: Record<string, string> = {};
    if (uid) {
      try {
        rec = await getRecord(c.var.ctx, c.var.actor!, uid);
      } catch (e) {
        if (!(e instanceof ServiceError) || e.kind !== 'not_found') throw e;
        errors.uid = `No UID ${uid.toUpperCase()} that you may see.`;
      }
    }
    const role = c.var.actor!.role;
    const change =
      role === 'DIBCAC' || role === 'ADMIN'
        ? {
            csrf: c.var.csrfToken,
            today: c.var.ctx.clock.today(),
            values: failed?.values ?? {},
            errors: failed?.errors ?? {},
            done: c.req.query('changed') === '1',
            ended: !!rec?.reasons.some((r) => isEndingReason(r.code)),
          }
        : null;
    return pageOrFragment(c, 'UID lookup', <UidLookupPage uid={uid} rec={rec} errors={errors} change={change} />, <UidLookupResult rec={rec} errors={errors} />, failed ? 422 : 200);
  };
  app.get('/uids', requireUser(), (c) => uidLookup(c, (c.req.query('uid') ?? '').trim()));
  app.post('/uids/:uid/compliance-change', requireUser('DIBCAC', 'ADMIN'), async (c) => {
    const uid = c.req.param('uid');
    const values = await readForm(c);
    const form = parseValues(values, ComplianceChangeInput, (v) => ({ date: opt(v.date) ?? '', description: opt(v.description) ?? '' }));
    const errors: FormErrors = form.ok ? {} : { ...form.errors };
    if (values.confirm !== 'on') errors.confirm = CONFIRM_CHANGE_MESSAGE;
    if (!form.ok || Object.keys(errors).length) return uidLookup(c, uid, { values, errors });
    try {
      const r = await recordComplianceChange(c.var.ctx, c.var.actor!, uid, form.data);
      return c.redirect(`/uids?uid=${r.uid}&changed=1`, 303);
    } catch (e) {
      const failed = serviceErrorsToForm(e);
      if (!failed) throw e;
      return uidLookup(c, uid, { values, errors: failed });
    }
  });
  app.notFound((c) => {
    c.status(404);
    return c.render(
      <>
        <h1>Page not found</h1>
        <p>
          There is no page at <code>{c.req.path}</code>. <a href="/">Go to your home page</a>.
        </p>
      </>,
      { title: 'Not found' },
    );
  });
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    return serverErrorPage(c, err);
  });
  return app;
}
