/**
 * Signed status attestation pages (api.md "Signed status attestations"; rules §7). Issuing is for a
 * contractor over its own UIDs; the verify page is public (a prime, an officer or anyone with the
 * shared link), so the sign-in gate is applied per route, never to the whole sub-app.
 */
import { Hono, type Context } from 'hono';
import { AttestationsPage, IssueAttestationForm, IssuedAttestation, type IssuableUid, type ShareableCheck } from '../../../views/pages/attestations/issue.js';
import { VerifyPage, VerifyResult } from '../../../views/pages/attestations/verify.js';
import type { FormErrors, FormValues } from '../../../views/components/form.js';
import { verifyAttestation } from '../../services/attestation-verification.js';
import { ATTESTATION_TYP, issueAttestation, type AttestationVerification } from '../../services/attestations.js';
import { companyRecords } from '../../services/contractor.js';
import { listFlowdownChecks } from '../../services/flowdown.js';
import { ATTESTATION_ALG } from '../../services/signing-keys.js';
import { AttestationInput, AttestationVerifyInput } from '../../services/inputs.js';
import type { AppEnv } from '../env.js';
import { list, opt, parseForm, parseValues, serviceErrorsToForm } from './forms.js';
import { pageOrFragment } from './render.js';
import { requireUser } from './session.js';

/** A list field's element errors (`uids.2`) belong to the list's one control. */
export const fieldErrors = (errors: FormErrors): FormErrors => {
  const out: FormErrors = {};
  for (const [k, m] of Object.entries(errors)) out[k.replace(/(\.\d+)+$/, '')] ??= m;
  return out;
};

async function issueChoices(c: Context<AppEnv>): Promise<{ uids: IssuableUid[]; checks: ShareableCheck[] }> {
  const actor = c.var.actor!;
  const records = await companyRecords(c.var.ctx, actor);
  const uids = records
    .map(({ rec, status }) => ({
      uid: rec.uid,
      level: rec.level,
      type: status.type,
      statusDate: rec.statusDate,
      currentThrough: status.currentThrough,
      current: status.current,
      scope: rec.scope,
    }))
    // Current ones first: those are the ones a prime can rely on.
    .sort((a, b) => Number(b.current) - Number(a.current) || a.uid.localeCompare(b.uid));
  const checks = (await listFlowdownChecks(c.var.ctx, actor)).map((k) => ({
    id: k.id,
    primeContractNumber: k.primeContractNumber,
    subcontractor: k.subcontractor,
    mayAward: k.mayAward,
    asOf: k.asOf,
  }));
  return { uids, checks };
}

export function attestationPages() {
  const app = new Hono<AppEnv>();

  app.get('/', requireUser('CONTRACTOR'), async (c) => {
    const choices = await issueChoices(c);
    return c.render(
      <AttestationsPage>
        <IssueAttestationForm csrf={c.var.csrfToken} {...choices} values={{ validDays: '30' }} errors={{}} />
      </AttestationsPage>,
      { title: 'Signed status attestations' },
    );
  });

  app.post('/', requireUser('CONTRACTOR'), async (c) => {
    const form = await parseForm(c, AttestationInput, (v) => ({
      uids: list(v.uids),
      audienceCage: opt(v.audienceCage) ?? null,
      validDays: opt(v.validDays) === undefined ? undefined : Number(opt(v.validDays)),
      flowdownCheckIds: list(v.flowdownCheckIds),
    }));
    const fail = async (values: FormValues, errors: FormErrors) => {
      const area = <IssueAttestationForm csrf={c.var.csrfToken} {...await issueChoices(c)} values={values} errors={fieldErrors(errors)} />;
      return pageOrFragment(c, 'Signed status attestations', <AttestationsPage>{area}</AttestationsPage>, area, 422);
    };
    if (!form.ok) return fail(form.values, form.errors);
    try {
      const issued = await issueAttestation(c.var.ctx, c.var.actor!, form.data, { baseUrl: new URL(c.req.url).origin });
      const area = <IssuedAttestation issued={issued} />;
      return pageOrFragment(c, 'Attestation issued', <AttestationsPage>{area}</AttestationsPage>, area, 201);
    } catch (e) {
      const errors = serviceErrorsToForm(e);
      if (!errors) throw e;
      return fail(form.values, errors);
    }
  });

  // Public: anyone with a token (or the shared link) may verify it, signed in or not.
  app.get('/verify', async (c) => {
    const raw = c.req.query('token');
    const values: FormValues = { token: raw ?? '', asOf: c.req.query('asOf') ?? '' };
    let errors: FormErrors = {};
    let result: AttestationVerification | null = null;
    // The bare page (no ?token=) is the paste form; a shared link or a submitted form verifies.
    if (raw !== undefined) {
      const form = parseValues(values, AttestationVerifyInput, (v) => ({ token: v.token, asOf: opt(v.asOf) ?? null }));
      if (form.ok) result = await verifyAttestation(c.var.ctx, form.data.token, form.data.asOf ?? null);
      else errors = fieldErrors({ ...form.errors, ...(form.errors.token === 'required' ? { token: 'Paste the token to verify' } : {}) });
    }
    const canUse = c.var.actor?.role === 'CONTRACTOR';
    const token = typeof values.token === 'string' ? values.token.trim() : '';
    return pageOrFragment(
      c,
      'Verify an attestation',
      <VerifyPage values={values} errors={errors} result={result} canUse={canUse} origin={new URL(c.req.url).origin} alg={ATTESTATION_ALG} typ={ATTESTATION_TYP} />,
      <VerifyResult result={result} token={token} errors={errors} canUse={canUse} />,
      Object.keys(errors).length ? 422 : 200,
    );
  });

  return app;
}
