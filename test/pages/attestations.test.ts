/**
 * Attestation pages (api.md "Signed status attestations"; rules §7): a contractor issues a signed
 * attestation over its own UIDs and gets the token and a shareable link; anyone, signed in or not,
 * verifies a token on /attestations/verify and sees every reason a token is rejected.
 */
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { assessment, company, ownEnv, tamper, type TestEnv } from '../helpers.js';
import { textById } from './html.js';
import { signInAs } from './page-helpers.js';

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
  const res = await w.sub.post('/attestations', { uids: 'SB0000A001', audienceCage: 'PRM01', validDays: '30' });
  expect(res.status).toBe(201);
  return { ...w, token: tokenIn(await res.text()) };
}

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
    expect(html).not.toContain('OT0000A001');
    expect(html).toContain('name="audienceCage"');
    expect(html).toContain('name="validDays"');
  });

  it('issues a compact EdDSA JWS over the chosen UIDs and shows the token, the shareable link and what was signed', async () => {
    const { env, sub } = await world();
    const res = await sub.post('/attestations', { uids: ['SB0000A001', 'SB0000A002'], audienceCage: ' prm01 ', validDays: '30' });
    expect(res.status).toBe(201);
    const html = await res.text();
    const token = tokenIn(html);
    expect(token.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(token).alg).toBe('EdDSA');
    const claims = decodeJwt(token) as any;
    expect(claims).toMatchObject({ sub: 'SUB01', aud: 'PRM01', issuedOn: '2026-11-23', validThrough: '2026-12-23' });
    expect(claims.uids.map((u: { uid: string }) => u.uid)).toEqual(['SB0000A001', 'SB0000A002']);
    expect(html).toContain('Attestation issued, valid through 2026-12-23');
    expect(html).toContain(`/attestations/verify?token=${encodeURIComponent(token)}`);
    expect(html).toContain('Status facts signed for each UID');
    expect(html).toContain('2027-06-01');
    // The token the page shows verifies through the API.
    const verified = await env.api('POST', '/api/v1/attestations/verify', { token });
    expect(verified.json.valid).toBe(true);
  });

  it('answers an htmx submit with the same fragment the page renders', async () => {
    const { sub } = await world();
    const res = await sub.post('/attestations', { uids: 'SB0000A001', validDays: '7' }, { 'hx-request': 'true' });
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toMatch(/^<div id="attestation-area">/);
    expect(html).toContain('valid through 2026-11-30');
  });

  it('re-renders the form with messages and the values typed when no UID is chosen and the validity is out of range', async () => {
    const { sub } = await world();
    const res = await sub.post('/attestations', { audienceCage: 'PRM01', validDays: '400' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('at least one UID');
    expect(html).toContain('at most 365 days');
    expect(html).toContain('value="PRM01"');
    expect(html).toContain('value="400"');
    expect(html).not.toContain('id="f-token"');
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
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<textarea');
    expect(html).toContain('name="token"');
    expect(html).toContain('href="/.well-known/jwks.json"');
    expect(html).toContain('Verify offline');
    expect(html).toContain('awardgate-status-attestation+jwt');
    expect(html).toContain('href="/sign-in"');
  });

  it('verifies a shared link signed out and shows the verified claims per UID', async () => {
    const { prime, anonymous, token } = await issued();
    const res = await anonymous(verifyPath(token));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(verdict(html)).toBe(VALID);
    expect(html).toContain('Verified claims per UID');
    expect(html).toContain('SB0000A001');
    expect(html).toContain('Company SUB01');
    expect(html).toContain('2027-06-01');
    // The pasted token is kept in the form.
    expect(html).toContain(token);
    // Only a signed-in contractor is offered to use it in a flowdown check.
    expect(html).not.toContain('Use it in a flowdown check');
    expect(await (await prime.get(verifyPath(token))).text()).toContain(`/flowdown/new?attestation=${encodeURIComponent(token)}`);
  });

  it('rejects a tampered token with every reason and shows none of its claims', async () => {
    const { anonymous, token } = await issued();
    const forged = tamper(token, (j) => j.replace('"currentThrough":"2027-06-01"', '"currentThrough":"2028-06-01"'));
    const res = await anonymous(verifyPath(forged));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(verdict(html)).toBe(NOT_VALID);
    expect(html).toContain('ATTESTATION_SIGNATURE_INVALID');
    expect(html).toContain('ATTESTATION_CLAIMS_ALTERED');
    expect(html).toContain('uids.0.currentThrough');
    expect(html).not.toContain('Verified claims per UID');
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
    expect(html).toContain('ATTESTATION_EXPIRED');
    expect(html).toContain('Signed claims per UID (expired)');
    expect(verdict(await (await anonymous(verifyPath(token, '2026-12-23'))).text())).toBe(VALID);
  });

  it('asks for a token when the field is blank, and keeps the token when the date is malformed (422)', async () => {
    const { anonymous, token } = await issued();
    const blank = await anonymous('/attestations/verify?token=+');
    expect(blank.status).toBe(422);
    expect(await blank.text()).toContain('Paste the token to verify');
    const badDate = await anonymous(verifyPath(token, '2026-13-01'));
    expect(badDate.status).toBe(422);
    const html = await badDate.text();
    expect(html).toContain('must be a calendar date written YYYY-MM-DD');
    expect(html).toContain(token);
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
