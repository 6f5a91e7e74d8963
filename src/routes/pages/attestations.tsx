/**
 * Signed status attestation pages (api.md "Signed status attestations"; rules §7). Issuing is for a
 * contractor over its own UIDs; the verify page is public (a prime, an officer or anyone with the
 * shared link), so the sign-in gate is applied per route, never to the whole sub-app.
 */
import { Hono, type Context } from 'hono';
import type { FormErrors, FormValues } from '../../../views/components/form.js';
import { AttestationsPage, CONFIRM_ISSUE_MESSAGE, ConfirmIssue, IssueAttestationForm, IssuedAttestation, type IssuableUid, type ShareableCheck } from '../../../views/pages/attestations/issue.js';
import { CONFIRM_REVOKE_MESSAGE, ISSUED_SORTS, IssuedAttestationsPage, RevokeAttestationPage } from '../../../views/pages/attestations/issued.js';
import { VerifyPage, VerifyResult } from '../../../views/pages/attestations/verify.js';
import { z } from 'zod';
import { addDays } from '../../domain/dates.js';
import { may } from '../../domain/permissions.js';
import { getIssuedAttestation, listIssuedAttestations, revokeAttestation } from '../../services/attestation-register.js';
import { verifyAttestation } from '../../services/attestation-verification.js';
import { ATTESTATION_TYP, DEFAULT_VALID_DAYS, issueAttestation, issuedAttestationOf, tokenOfShare } from '../../services/attestations.js';
import { companyRecords } from '../../services/contractor.js';
import { listFlowdownChecks } from '../../services/flowdown.js';
import { ATTESTATION_ALG } from '../../services/signing-keys.js';
import { notFound } from '../../services/errors.js';
import { AttestationInput, AttestationRevokeInput, AttestationVerifyInput } from '../../services/inputs.js';
import type { PagesEnv } from './env.js';
import { once } from './idempotency.js';
import { list, one, opt } from './form-values.js';
import { pageOf, parseSort, queryOf, baseOf, sortBy } from './paging.js';
import { pageOrFragment, type View } from './render.js';
import { requireUser } from './session.js';
import { formValidator, queryValidator, refuse, type FormState } from './validator.js';

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
  // A verified attestation is used in a prime's flowdown check.
  const canUse = !!c.var.actor && may(c.var.actor.role, 'flowdown.record');
  const values = { token: form.values.token ?? '', asOf: form.values.asOf ?? '' };
  const errors = form.errors.token === 'required' ? { ...form.errors, token: 'Paste the token to verify' } : form.errors;
  const token = typeof values.token === 'string' ? values.token.trim() : '';
  return {
    title: 'Verify an attestation',
    page: <VerifyPage csrf={c.var.csrfToken} values={values} errors={errors} result={result} canUse={canUse} origin={c.var.publicUrl} alg={ATTESTATION_ALG} typ={ATTESTATION_TYP} />,
    fragment: <VerifyResult result={result} token={token} errors={errors} canUse={canUse} />,
  };
}

/**
 * The bare page (no ?token=) is the paste form; the form posts (a token of any length fits a body).
 * `GET ?token=` stays for short links shared before links named a share id.
 */
const verifyInput = (v: FormValues) => (v.token === undefined ? null : { token: v.token, asOf: opt(v.asOf) ?? null });

const RevokeForm = AttestationRevokeInput.extend({ confirm: z.literal('on', { error: CONFIRM_REVOKE_MESSAGE }) });

async function revokeView(c: Context<PagesEnv>, form: FormState): Promise<View> {
  const attestation = await getIssuedAttestation(c.var.ctx, c.var.actor!, c.req.param('jti') ?? '');
  const page = <RevokeAttestationPage csrf={c.var.csrfToken} attestation={attestation} values={form.values} errors={form.errors} />;
  return { title: 'Revoke an attestation', page, fragment: page };
}

/** The confirmation step (issue 10): a summary of what will be signed, from the company's own UIDs; a UID not among them is refused as the service would. */
async function confirmView(c: Context<PagesEnv>, form: FormState, input: { uids: string[]; audienceCage?: string | null; validDays?: number; flowdownCheckIds?: string[] }): Promise<View> {
  const choices = await issueChoices(c);
  const chosen = [...new Set(input.uids.map((u) => u.toUpperCase()))];
  const unknown = chosen.filter((u) => !choices.uids.some((x) => x.uid === u));
  if (unknown.length) throw refuse({ uids: unknown.map((u) => `No UID ${u} of your company`).join('; ') });
  const summary = {
    uids: choices.uids.filter((u) => chosen.includes(u.uid)),
    audienceCage: input.audienceCage ?? null,
    validThrough: addDays(c.var.ctx.clock.today(), input.validDays ?? DEFAULT_VALID_DAYS),
    checks: choices.checks.filter((k) => (input.flowdownCheckIds ?? []).includes(k.id)),
  };
  const area = <ConfirmIssue csrf={c.var.csrfToken} values={form.values} errors={form.errors} summary={summary} />;
  return { title: 'Confirm the attestation', page: <AttestationsPage>{area}</AttestationsPage>, fragment: area };
}

export function attestationPages() {
  return (
    new Hono<PagesEnv>()
      .get('/', requireUser('attestations.issue'), async (c) => pageOrFragment(c, await issueView(c, { values: { validDays: '30' }, errors: {} })))
      // A UID the company may not see reads as one that does not exist: a message on the form, not a 404 page.
      // Two steps: the form posts to a summary with "I understand this is permanent"; that form (step=confirm) issues.
      // Post/redirect/get (issue 10): the issue answers 303 to the attestation's own page, and a second
      // submit of the same confirmation form (Back, then submit again) is sent there too (once()).
      .post('/', requireUser('attestations.issue'), once(), formValidator(AttestationInput, attestationInput, issueView, { inputKinds: ['validation', 'conflict', 'not_found'] }), async (c) => {
        const { data, values } = c.req.valid('form');
        if (one(values.step) !== 'confirm' || one(values.confirm) !== 'on') {
          const errors: FormErrors = one(values.step) === 'confirm' ? { confirm: CONFIRM_ISSUE_MESSAGE } : {};
          return pageOrFragment(c, await confirmView(c, { values, errors }, data), one(values.step) === 'confirm' ? 422 : 200);
        }
        const issued = await issueAttestation(c.var.ctx, c.var.actor!, data, { baseUrl: c.var.publicUrl });
        return c.redirect(`/attestations/issued/${encodeURIComponent(issued.jti)}`, 303);
      })
      .get('/issued/:jti', requireUser('attestations.issue'), async (c) => {
        const issued = await issuedAttestationOf(c.var.ctx, c.var.actor!, c.req.param('jti'), { baseUrl: c.var.publicUrl });
        const area = <IssuedAttestation issued={issued} />;
        return pageOrFragment(c, { title: 'Attestation issued', page: <AttestationsPage>{area}</AttestationsPage>, fragment: area });
      })
      .get('/issued', requireUser('attestations.issue'), async (c) => {
        const q = queryOf(c);
        const sort = parseSort(q, ISSUED_SORTS, 'issuedOn', 'desc');
        const rows = sortBy(await listIssuedAttestations(c.var.ctx, c.var.actor!), (r) => r[sort.sort] ?? null, sort.dir);
        const { shown, paging } = pageOf(q, rows);
        const notice = c.req.query('revoked') ? 'Revoked. The attestation no longer verifies and no flowdown check accepts it.' : null;
        return c.render(<IssuedAttestationsPage rows={shown} paging={paging} base={baseOf(c)} sort={sort} notice={notice} />, { title: 'Issued attestations' });
      })
      .get('/issued/:jti/revoke', requireUser('attestations.revoke'), async (c) => pageOrFragment(c, await revokeView(c, { values: {}, errors: {} })))
      .post(
        '/issued/:jti/revoke',
        requireUser('attestations.revoke'),
        formValidator(RevokeForm, (v) => ({ reason: one(v.reason), confirm: opt(v.confirm) }), revokeView),
        async (c) => {
          await revokeAttestation(c.var.ctx, c.var.actor!, c.req.param('jti'), { reason: c.req.valid('form').data.reason });
          return c.redirect('/attestations/issued?revoked=1', 303);
        },
      )
      // Public: anyone with a token (or the shared link) may verify it, signed in or not.
      .get('/verify', queryValidator(AttestationVerifyInput.nullable(), verifyInput, verifyView), async (c) => {
        const { data, values } = c.req.valid('query');
        const result = data ? await verifyAttestation(c.var.ctx, data.token, data.asOf ?? null) : null;
        return pageOrFragment(c, verifyView(c, { values, errors: {} }, result));
      })
      .post('/verify', formValidator(AttestationVerifyInput, (v) => ({ token: one(v.token), asOf: opt(v.asOf) ?? null }), verifyView), async (c) => {
        const { data, values } = c.req.valid('form');
        return pageOrFragment(c, verifyView(c, { values, errors: {} }, await verifyAttestation(c.var.ctx, data.token, data.asOf ?? null)));
      })
      // The shareable link: a short id, the token held here (docs/decisions/0013).
      .get('/shared/:shareId', async (c) => {
        const token = await tokenOfShare(c.var.ctx, c.req.param('shareId'));
        if (!token) throw notFound('No attestation is shared under this link; ask the subcontractor for the token or a fresh link');
        return pageOrFragment(c, verifyView(c, { values: { token }, errors: {} }, await verifyAttestation(c.var.ctx, token)));
      })
  );
}
