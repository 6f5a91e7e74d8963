/**
 * Attestation pages (api.md "Signed status attestations"; rules §7): a contractor issues a signed
 * attestation over its own UIDs and gets the token and a shareable link; anyone, signed in or not,
 * verifies a token on /attestations/verify and sees every reason a token is rejected.
 */
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { assessment, company, ownEnv, tamper, type TestEnv } from '../helpers.js';
import { textById } from './html.js';
import { signInAs, type Session } from './page-helpers.js';
import { expectPage, expectShows } from './expect-page.js';

const PASSWORD = 'a long enough password';

/** The sub (SUB01), a prime and an officer, signed in, in a database of the test's own. */
async function world() {
  const env: TestEnv = await ownEnv();
  const imp = await env.api('POST', '/api/v1/import', {
    companies: [company('SUB01'), company('PRM01'), company('XTH01')],
    assessments: [assessment('SB0000A001', ['SUB01']), assessment('SB0000A002', ['SUB01'], { level: 'L2_SELF', scope: 'Enclave: shop', statusDate: '2025-12-20' }), assessment('OT0000A001', ['XTH01'])],
  });
  expect(imp.status).toBe(201);
  await env.user('ao@sub01.example', 'CONTRACTOR', 'SUB01', PASSWORD);
  await env.user('buyer@prm01.example', 'CONTRACTOR', 'PRM01', PASSWORD);
  await env.user('officer@agency.example', 'CONTRACTING_OFFICER', undefined, PASSWORD);
  const sub = await signInAs(env, 'ao@sub01.example', PASSWORD);
  const prime = await signInAs(env, 'buyer@prm01.example', PASSWORD);
  const officer = await signInAs(env, 'officer@agency.example', PASSWORD);
  const anonymous = (path: string, headers: Record<string, string> = {}) => env.app.request(path, { headers });
  return { env, sub, prime, officer, anonymous };
}

/** A world with the sub's 30-day attestation of SB0000A001 for PRM01, issued 2026-11-23 (valid through 2026-12-23). */
async function issued() {
  const w = await world();
  const res = await issue(w.sub, { uids: 'SB0000A001', audienceCage: 'PRM01', validDays: '30' });
  const html = await res.text();
  return { ...w, token: tokenIn(html), link: linkIn(html) };
}

/** Issues through the confirmation form: 303 to the attestation's own page (post/redirect/get), whose answer is returned. */
async function issue(sub: Session, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const posted = await sub.post('/attestations', { ...form, ...CONFIRMED }, headers);
  expect(posted.status).toBe(303);
  const location = posted.headers.get('location') ?? '';
  expect(location).toMatch(/^\/attestations\/issued\/[^/]+$/);
  const shown = await sub.get(location, headers);
  expect(shown.status).toBe(200);
  return shown;
}

/** What the confirmation step posts (issue 10: "I understand this is permanent"). */
const CONFIRMED = { step: 'confirm', confirm: 'on' };
const linkIn = (html: string) => /id="f-link"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? '';

const tokenIn = (html: string) => /<textarea[^>]*id="f-token"[^>]*>([^<]+)<\/textarea>/.exec(html)?.[1].trim() ?? '';
const verifyPath = (token: string, asOf?: string) => `/attestations/verify?token=${encodeURIComponent(token)}${asOf ? `&asOf=${asOf}` : ''}`;
/** The verdict heading of a verify page. */
const verdict = (html: string) => textById(html, 'verify-heading');
const VALID = 'Valid: signed by this AwardGate instance';
const NOT_VALID = 'Not valid: do not rely on this token';

describe('issuing an attestation (contractor)', () => {
  it("lists the company's own UIDs as checkboxes, and no other company's", async () => {
    const { sub } = await world();
    const res = await sub.get('/attestations');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/type="checkbox" name="uids" value="SB0000A001"/);
    expect(html).toMatch(/type="checkbox" name="uids" value="SB0000A002"/);
    expectShows(html, ['name="audienceCage"', 'name="validDays"'], ['OT0000A001']);
  });

  it('issues a compact EdDSA JWS over the chosen UIDs and shows the token, the shareable link and what was signed', async () => {
    const { env, sub } = await world();
    const res = await issue(sub, { uids: ['SB0000A001', 'SB0000A002'], audienceCage: ' prm01 ', validDays: '30' });
    const html = await res.text();
    const token = tokenIn(html);
    expect(token.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(token).alg).toBe('EdDSA');
    const claims = decodeJwt(token) as any;
    expect(claims).toMatchObject({ sub: 'SUB01', aud: 'PRM01', issuedOn: '2026-11-23', validThrough: '2026-12-23' });
    expect(claims.uids.map((u: { uid: string }) => u.uid)).toEqual(['SB0000A001', 'SB0000A002']);
    expect(html).toContain('Attestation issued, valid through 2026-12-23');
    // The shareable link names a share id, not the token (a long token in a URL meets HTTP 431).
    expect(linkIn(html)).toMatch(/^http:\/\/localhost\/attestations\/shared\/[A-Za-z0-9_-]{24}$/);
    expectShows(html, ['Status facts signed for each UID', '2027-06-01']);
    // The token the page shows verifies through the API.
    const verified = await env.api('POST', '/api/v1/attestations/verify', { token });
    expect(verified.json.valid).toBe(true);
  });

  it('answers an htmx submit (which follows the 303) with the same fragment the page renders', async () => {
    const { sub } = await world();
    const res = await issue(sub, { uids: 'SB0000A001', validDays: '7' }, { 'hx-request': 'true' });
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toMatch(/^<div id="attestation-area">/);
    expect(html).toContain('valid through 2026-11-30');
  });

  it('re-renders the form with messages and the values typed when no UID is chosen and the validity is out of range', async () => {
    const { sub } = await world();
    const res = await sub.post('/attestations', { audienceCage: 'PRM01', validDays: '400' });
    await expectPage(res, 422, ['at least one UID', 'at most 365 days', 'value="PRM01"', 'value="400"'], ['id="f-token"']);
  });

  it("refuses another company's UID without revealing it, keeping the choice made", async () => {
    const { sub } = await world();
    const res = await sub.post('/attestations', { uids: ['SB0000A001', 'OT0000A001'], audienceCage: 'BAD' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('a CAGE code is 5 characters');
    const other = await sub.post('/attestations', { uids: ['SB0000A001', 'OT0000A001'] });
    expect(other.status).toBe(422);
    const html = await other.text();
    expect(html).toContain('No UID OT0000A001');
    expect(html).toMatch(/value="SB0000A001" checked/);
  });

  it('sends a signed-out visitor to sign in, and refuses the page to other roles', async () => {
    const { officer, anonymous } = await world();
    const res = await anonymous('/attestations');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fattestations');
    expect((await officer.get('/attestations')).status).toBe(403);
  });
});

describe('verifying an attestation (anyone, no sign-in)', () => {
  it('offers the paste form and the offline verification instructions to a signed-out visitor', async () => {
    const { anonymous } = await issued();
    const res = await anonymous('/attestations/verify');
    await expectPage(res, 200, ['<textarea', 'name="token"', 'href="/.well-known/jwks.json"', 'Verify offline', 'awardgate-status-attestation+jwt', 'href="/sign-in"']);
  });

  it('verifies a shared link signed out and shows the verified claims per UID', async () => {
    const { prime, anonymous, token } = await issued();
    const res = await anonymous(verifyPath(token));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(verdict(html)).toBe(VALID);
    // The pasted token is kept in the form.
    // Only a signed-in contractor is offered to use it in a flowdown check.
    expectShows(html, ['Verified claims per UID', 'SB0000A001', 'Company SUB01', '2027-06-01', token], ['Use it in a flowdown check']);
    expect(await (await prime.get(verifyPath(token))).text()).toMatch(/href="\/flowdown\/new\?share=[A-Za-z0-9_-]{24}"/);
  });

  it('rejects a tampered token with every reason and shows none of its claims', async () => {
    const { anonymous, token } = await issued();
    const forged = tamper(token, (j) => j.replace('"currentThrough":"2027-06-01"', '"currentThrough":"2028-06-01"'));
    const res = await anonymous(verifyPath(forged));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(verdict(html)).toBe(NOT_VALID);
    expectShows(html, ['ATTESTATION_SIGNATURE_INVALID', 'ATTESTATION_CLAIMS_ALTERED', 'uids.0.currentThrough'], ['Verified claims per UID']);
  });

  it('rejects a pasted string that is not a token, and a token signed by an unknown key', async () => {
    const { anonymous, token } = await issued();
    const bad = await (await anonymous(verifyPath('hello world'))).text();
    expect(verdict(bad)).toBe(NOT_VALID);
    expect(bad).toContain('ATTESTATION_MALFORMED');
    const foreign = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = await calculateJwkThumbprint(await exportJWK(foreign.publicKey));
    const unknown = await new SignJWT(decodeJwt(token)).setProtectedHeader({ ...decodeProtectedHeader(token), kid } as never).sign(foreign.privateKey);
    const html = await (await anonymous(verifyPath(unknown))).text();
    expect(html).toContain('ATTESTATION_UNKNOWN_KEY');
    expect(verdict(html)).toBe(NOT_VALID);
  });

  it('rejects an expired token (verified as of the day after its last valid day) and shows its stale claims as such', async () => {
    const { anonymous, token } = await issued();
    const html = await (await anonymous(verifyPath(token, '2026-12-24'))).text();
    expect(verdict(html)).toBe(NOT_VALID);
    expectShows(html, ['ATTESTATION_EXPIRED', 'Signed claims per UID (expired)']);
    expect(verdict(await (await anonymous(verifyPath(token, '2026-12-23'))).text())).toBe(VALID);
  });

  it('asks for a token when the field is blank, and keeps the token when the date is malformed (422)', async () => {
    const { anonymous, token } = await issued();
    const blank = await anonymous('/attestations/verify?token=+');
    expect(blank.status).toBe(422);
    expect(await blank.text()).toContain('Paste the token to verify');
    const badDate = await anonymous(verifyPath(token, '2026-13-01'));
    await expectPage(badDate, 422, ['must be a calendar date written YYYY-MM-DD', token]);
  });

  it('answers an htmx verify with the result fragment only', async () => {
    const { anonymous, token } = await issued();
    const res = await anonymous(verifyPath(token), { 'hx-request': 'true' });
    const html = await res.text();
    expect(html).toMatch(/^<div id="verify-result">/);
    expect(verdict(html)).toBe(VALID);
    expect(html).not.toContain('<html');
  });
});

describe('issue 10: a confirmation step before issuing, the list of issued attestations, revoke', () => {
  it('shows a summary with "I understand this is permanent" first, and issues nothing until it is ticked', async () => {
    const { env, sub } = await world();
    const first = await sub.post('/attestations', { uids: 'SB0000A001', audienceCage: 'PRM01', validDays: '10' });
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(textById(html, 'confirm-heading')).toBe('Check the attestation before you issue it');
    expectShows(html, ['I understand this is permanent', '2026-12-03']);
    expect(html).toMatch(/type="hidden" name="uids" value="SB0000A001"/);
    expect(html).not.toContain('id="f-token"');
    const unticked = await sub.post('/attestations', { uids: 'SB0000A001', audienceCage: 'PRM01', validDays: '10', step: 'confirm' });
    expect(unticked.status).toBe(422);
    expect(await unticked.text()).toContain('Confirm that you understand issuing is permanent');
    expect(Number((await env.database.client.execute('SELECT count(*) AS n FROM attestations')).rows[0].n)).toBe(0);
    await issue(sub, { uids: 'SB0000A001', audienceCage: 'PRM01', validDays: '10' });
    expect(Number((await env.database.client.execute('SELECT count(*) AS n FROM attestations')).rows[0].n)).toBe(1);
  });

  it('post/redirect/get: reloading the issued page or submitting the same confirmation form again issues nothing more', async () => {
    const { env, sub, prime } = await world();
    const confirm = await (await sub.post('/attestations', { uids: 'SB0000A001', audienceCage: 'PRM01', validDays: '10' })).text();
    const idem = /name="_idem" value="([^"]+)"/.exec(confirm)?.[1] ?? '';
    expect(idem).not.toBe('');
    const form = { uids: 'SB0000A001', audienceCage: 'PRM01', validDays: '10', ...CONFIRMED, _idem: idem };
    const first = await sub.post('/attestations', form);
    expect(first.status).toBe(303);
    const location = first.headers.get('location')!;
    const page = await (await sub.get(location)).text();
    expect(page).toContain('Attestation issued, valid through 2026-12-03');
    const token = tokenIn(page);
    expect(token.split('.')).toHaveLength(3);
    // Refresh: the same page, the same token.
    expect(tokenIn(await (await sub.get(location)).text())).toBe(token);
    // Back, then submit the same form again: sent to the first attestation.
    const again = await sub.post('/attestations', form);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(location);
    expect(Number((await env.database.client.execute('SELECT count(*) AS n FROM attestations')).rows[0].n)).toBe(1);
    // Another company cannot open it.
    expect((await prime.get(location)).status).toBe(404);
  });

  it("lists what the company issued, to whom and until when, and revokes only after the confirmation", async () => {
    const { env, sub, prime, anonymous, token } = await issued();
    const list = await (await sub.get('/attestations/issued')).text();
    expectShows(list, ['SB0000A001', 'PRM01', '2026-12-23', 'Valid']);
    const jti = decodeJwt(token).jti as string;
    const revokePath = `/attestations/issued/${jti}/revoke`;
    expect(list).toContain(`href="${revokePath}"`);
    expect(await (await sub.get(revokePath)).text()).toContain('I understand this is permanent');
    const unticked = await sub.post(revokePath, { reason: 'Sent to the wrong prime' });
    expect(unticked.status).toBe(422);
    expect(await unticked.text()).toContain('Confirm that you understand revoking is permanent');
    expect(verdict(await (await anonymous(verifyPath(token))).text())).toBe(VALID);
    const done = await sub.post(revokePath, { reason: 'Sent to the wrong prime', confirm: 'on' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/attestations/issued?revoked=1');
    const after = await (await sub.get('/attestations/issued?revoked=1')).text();
    expectShows(after, ['Revoked', 'Sent to the wrong prime'], [`href="${revokePath}"`]);
    const verified = await (await anonymous(verifyPath(token))).text();
    expect(verdict(verified)).toBe(NOT_VALID);
    expect(verified).toContain('ATTESTATION_REVOKED');
    // Another company cannot see or revoke it.
    expect((await prime.get(revokePath)).status).toBe(404);
    expect(Number((await env.database.client.execute('SELECT count(*) AS n FROM attestation_revocations')).rows[0].n)).toBe(1);
  });

  it('sorts the list by validity and pages it 25 at a time', async () => {
    const { sub } = await world();
    for (const days of ['5', '3', '9']) await issue(sub, { uids: 'SB0000A001', validDays: days });
    const html = await (await sub.get('/attestations/issued?sort=validThrough&dir=asc')).text();
    const order = ['2026-11-26', '2026-11-28', '2026-12-02'].map((d) => html.indexOf(d));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]))).toBe(true);
    expect(html).toContain('aria-sort="ascending"');
  });
});

describe('issue 12 finding 9 and issue 10: the verify page', () => {
  it('verifies through a POST form (a token of any length fits a body) and through the short shared link', async () => {
    const { env, anonymous, token, link } = await issued();
    const page = await (await anonymous('/attestations/verify')).text();
    expect(page).toMatch(/<form[^>]*method="post"[^>]*action="\/attestations\/verify"/);
    const post = (t: string) =>
      env.app.request('/attestations/verify', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: new URLSearchParams({ token: t }).toString() });
    const posted = await post(token);
    expect(posted.status).toBe(200);
    expect(verdict(await posted.text())).toBe(VALID);
    // 30,000 characters: past what a request line may carry, an ordinary body.
    const long = await post(`${'a'.repeat(15_000)}.${'b'.repeat(15_000)}`);
    expect(long.status).toBe(200);
    expect(verdict(await long.text())).toBe(NOT_VALID);
    const shared = await anonymous(new URL(link).pathname);
    expect(shared.status).toBe(200);
    expect(verdict(await shared.text())).toBe(VALID);
    expect((await anonymous('/attestations/shared/no-such-share-id-000000')).status).toBe(404);
  });

  it("shows the issuer's live status next to the signed claims after a compliance change", async () => {
    const { env, anonymous, token } = await issued();
    const subApi = await env.user('api@sub01.example', 'CONTRACTOR', 'SUB01');
    const change = await env.api('POST', '/api/v1/uids/SB0000A001/compliance-changes', { date: '2026-11-23', description: 'MFA removed' }, subApi);
    expect(change.status).toBe(201);
    const html = await (await anonymous(verifyPath(token))).text();
    expect(verdict(html)).toBe(VALID);
    const live = textById(html, 'live-status');
    expectShows(live, ['Not current now', 'Changed since the attestation was issued', 'COMPLIANCE_CHANGED']);
    expect(html).toContain('Verified claims per UID');
  });

  it('refuses a date before the token was issued with a message on the date field', async () => {
    const { anonymous, token } = await issued();
    const res = await anonymous(verifyPath(token, '2026-11-22'));
    await expectPage(res, 422, ['Verify as of 2026-11-23 (the day the attestation was issued) or later', token]);
  });
});
