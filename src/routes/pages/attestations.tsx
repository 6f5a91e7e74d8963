/**
 * Signed status attestation pages (api.md "Signed status attestations"; rules §7). Issuing is for a
 * contractor over its own UIDs; the verify page is public (a prime, an officer or anyone with the
 * shared link), so the sign-in gate is applied per route, never to the whole sub-app.
 */
import { Hono, type Context } from 'hono';
import type { FormValues } from '../../../views/components/form.js';
import { AttestationsPage, IssueAttestationForm, IssuedAttestation, type IssuableUid, type ShareableCheck } from '../../../views/pages/attestations/issue.js';
import { VerifyPage, VerifyResult } from '../../../views/pages/attestations/verify.js';
import { verifyAttestation } from '../../services/attestation-verification.js';
import { ATTESTATION_TYP, issueAttestation } from '../../services/attestations.js';
import { companyRecords } from '../../services/contractor.js';
import { listFlowdownChecks } from '../../services/flowdown.js';
import { ATTESTATION_ALG } from '../../services/signing-keys.js';
import { AttestationInput, AttestationVerifyInput } from '../../services/inputs.js';
import { linkBase } from '../edge.js';
import type { PagesEnv } from './env.js';
import { list, opt } from './form-values.js';
import { pageOrFragment, type View } from './render.js';
import { requireUser } from './session.js';
import { formValidator, queryValidator, type FormState } from './validator.js';

async function issueChoices(c: Context<PagesEnv>): Promise<{ uids: IssuableUid[]; checks: ShareableCheck[] }> {
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

async function issueView(c: Context<PagesEnv>, form: FormState): Promise<View> {
  const area = <IssueAttestationForm csrf={c.var.csrfToken} {...await issueChoices(c)} values={form.values} errors={form.errors} />;
  return { title: 'Signed status attestations', page: <AttestationsPage>{area}</AttestationsPage>, fragment: area };
}

const attestationInput = (v: FormValues) => ({
  uids: list(v.uids),
  audienceCage: opt(v.audienceCage) ?? null,
  validDays: opt(v.validDays) === undefined ? undefined : Number(opt(v.validDays)),
  flowdownCheckIds: list(v.flowdownCheckIds),
});

/** The paste form, or the verification of a shared link or a submitted token. */
function verifyView(c: Context<PagesEnv>, form: FormState, result: Awaited<ReturnType<typeof verifyAttestation>> | null = null): View {
  const canUse = c.var.actor?.role === 'CONTRACTOR';
  const values = { token: form.values.token ?? '', asOf: form.values.asOf ?? '' };
  const errors = form.errors.token === 'required' ? { ...form.errors, token: 'Paste the token to verify' } : form.errors;
  const token = typeof values.token === 'string' ? values.token.trim() : '';
  return {
    title: 'Verify an attestation',
    page: <VerifyPage values={values} errors={errors} result={result} canUse={canUse} origin={linkBase(c)} alg={ATTESTATION_ALG} typ={ATTESTATION_TYP} />,
    fragment: <VerifyResult result={result} token={token} errors={errors} canUse={canUse} />,
  };
}

/** The bare page (no ?token=) is the paste form; a shared link or a submitted form verifies. */
const verifyInput = (v: FormValues) => (v.token === undefined ? null : { token: v.token, asOf: opt(v.asOf) ?? null });

export function attestationPages() {
  return (
    new Hono<PagesEnv>()
      .get('/', requireUser('attestations.issue'), async (c) => pageOrFragment(c, await issueView(c, { values: { validDays: '30' }, errors: {} })))
      // A UID the company may not see reads as one that does not exist: a message on the form, not a 404 page.
      .post('/', requireUser('attestations.issue'), formValidator(AttestationInput, attestationInput, issueView, { inputKinds: ['validation', 'conflict', 'not_found'] }), async (c) => {
        const issued = await issueAttestation(c.var.ctx, c.var.actor!, c.req.valid('form').data, { baseUrl: linkBase(c) });
        const area = <IssuedAttestation issued={issued} />;
        return pageOrFragment(c, { title: 'Attestation issued', page: <AttestationsPage>{area}</AttestationsPage>, fragment: area }, 201);
      })
      // Public: anyone with a token (or the shared link) may verify it, signed in or not.
      .get('/verify', queryValidator(AttestationVerifyInput.nullable(), verifyInput, verifyView), async (c) => {
        const { data, values } = c.req.valid('query');
        const result = data ? await verifyAttestation(c.var.ctx, data.token, data.asOf ?? null) : null;
        return pageOrFragment(c, verifyView(c, { values, errors: {} }, result));
      })
  );
}
