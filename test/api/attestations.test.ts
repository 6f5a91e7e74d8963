/**
 * api.md "Signed status attestations": a contractor issues a compact JWS (EdDSA) over its own UIDs;
 * anyone signed in verifies it; /.well-known/jwks.json lets a prime verify offline. Tampered,
 * expired, unknown-key and malformed tokens are rejected with their reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import type { Actor } from '../../src/services/actor.js';
import { rotateSigningKey } from '../../src/services/signing-keys.js';
import { assessment, codesOf, company, ownEnv, tamper, type TestEnv } from '../helpers.js';

async function seed(e: TestEnv) {
  const imp = await e.api('POST', '/api/v1/import', {
    companies: [company('SUB01'), company('SUB02', 'SUB01'), company('PRM01'), company('XTH01')],
    assessments: [
      assessment('SB0000A001', ['SUB01']),
      assessment('SB0000A002', ['SUB02'], { level: 'L2_SELF', scope: 'Enclave: engineering', statusDate: '2025-12-20' }),
      assessment('OT0000A001', ['XTH01']),
    ],
  });
  expect(imp.status).toBe(201);
}

/** The sub (SUB01, with SUB02), a prime and an officer, in a database of the test's own. */
async function world() {
  const env: TestEnv = await ownEnv();
  await seed(env);
  const tokens = {
    sub: await env.user('ao@sub01.example', 'CONTRACTOR', 'SUB01'),
    prime: await env.user('buyer@prm01.example', 'CONTRACTOR', 'PRM01'),
    officer: await env.user('officer@agency.example', 'CONTRACTING_OFFICER'),
  };
  const issue = (body: unknown, token = tokens.sub) => env.api('POST', '/api/v1/attestations', body, token);
  const verify = (token: string, asOf?: string, as = tokens.prime) => env.api('POST', '/api/v1/attestations/verify', { token, ...(asOf ? { asOf } : {}) }, as);
  return { env, tokens, issue, verify };
}

/** A world with the sub's 30-day attestation of SB0000A001, issued 2026-11-23: valid through 2026-12-23. */
async function issued() {
  const w = await world();
  const res = await w.issue({ uids: ['SB0000A001'], validDays: 30 });
  expect(res.status).toBe(201);
  return { ...w, token: res.json.token as string };
}

const codes = (res: { json: any }) => codesOf(res.json.reasons);

describe('api.md POST /api/v1/attestations: issuing', () => {
  it('signs the company name, CAGE codes and each UID\'s status facts as a compact EdDSA JWS', async () => {
    const { issue } = await world();
    const res = await issue({ uids: ['sb0000a001', 'SB0000A002'], audienceCage: 'prm01', validDays: 30 });
    expect(res.status).toBe(201);
    const { token, claims } = res.json;
    expect(token.split('.')).toHaveLength(3);
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe('EdDSA');
    expect(typeof header.kid).toBe('string');
    expect(decodeJwt(token)).toEqual(claims);
    expect(claims).toMatchObject({
      sub: 'SUB01',
      aud: 'PRM01',
      issuedOn: '2026-11-23',
      validThrough: '2026-12-23',
      company: { name: 'Company SUB01', hloCage: 'SUB01', cages: ['SUB01', 'SUB02'] },
    });
    expect(claims.uids).toEqual([
      expect.objectContaining({ uid: 'SB0000A001', level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', currentThrough: '2027-06-01', latestAffirmationDate: '2026-06-01', current: true }),
      expect.objectContaining({ uid: 'SB0000A002', level: 'L2_SELF', type: 'FINAL', statusDate: '2025-12-20', currentThrough: '2026-12-20', latestAffirmationDate: '2025-12-20' }),
    ]);
    expect(claims.exp).toBeGreaterThan(claims.iat);
    expect(typeof claims.jti).toBe('string');
    expect(claims.iss).toBe('urn:awardgate');
    expect(res.json.link).toBe(`http://localhost/attestations/verify?token=${encodeURIComponent(token)}`);
  });

  it('refuses another company\'s UID with 404 (never revealing that it exists)', async () => {
    const { issue } = await world();
    const res = await issue({ uids: ['SB0000A001', 'OT0000A001'] });
    expect(res.status).toBe(404);
    expect(res.json.detail).toMatch(/OT0000A001/);
  });

  it('refuses a malformed UID (422) and a non-contractor (403)', async () => {
    const { tokens, issue } = await world();
    expect((await issue({ uids: ['NOT-A-UID'] })).status).toBe(422);
    expect((await issue({ uids: [] })).status).toBe(422);
    expect((await issue({ uids: ['SB0000A001'] }, tokens.officer)).status).toBe(403);
  });
});

describe('api.md POST /api/v1/attestations/verify', () => {
  it('accepts the token as issued, with its claims', async () => {
    const { verify, token } = await issued();
    const res = await verify(token);
    expect(res.status).toBe(200);
    expect(res.json.valid).toBe(true);
    expect(res.json.reasons).toEqual([]);
    expect(res.json.claims).toEqual(decodeJwt(token));
  });

  it('rejects a token whose claims were altered (one character), naming the altered claim', async () => {
    const { verify, token } = await issued();
    const forged = tamper(token, (j) => j.replace('"currentThrough":"2027-06-01"', '"currentThrough":"2028-06-01"'));
    const res = await verify(forged);
    expect(res.json.valid).toBe(false);
    expect(res.json.claims).toBeNull();
    expect(codes(res)).toEqual(['ATTESTATION_SIGNATURE_INVALID', 'ATTESTATION_CLAIMS_ALTERED']);
    expect(res.json.reasons[1].detail.changed).toEqual(['uids.0.currentThrough']);
  });

  it('rejects a token whose signature was altered', async () => {
    const { verify, token } = await issued();
    const [h, p, s] = token.split('.');
    const flipped = s[10] === 'A' ? 'B' : 'A';
    const res = await verify([h, p, s.slice(0, 10) + flipped + s.slice(11)].join('.'));
    expect(res.json.valid).toBe(false);
    expect(codes(res)).toEqual(['ATTESTATION_SIGNATURE_INVALID']);
  });

  it('holds through the last valid day and is expired the day after (asOf)', async () => {
    const { verify, token } = await issued();
    expect((await verify(token, '2026-12-23')).json.valid).toBe(true);
    const res = await verify(token, '2026-12-24');
    expect(res.json.valid).toBe(false);
    expect(codes(res)).toEqual(['ATTESTATION_EXPIRED']);
    // The signature held, so the (stale) claims are shown.
    expect(res.json.claims.jti).toBe(decodeJwt(token).jti);
  });

  it('is expired for an instance whose clock is later', async () => {
    const { env, tokens, token } = await issued();
    const later = createApp({ database: env.database, clock: fixedClock('2027-01-05') });
    const res = await later.request('/api/v1/attestations/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.prime}` },
      body: JSON.stringify({ token }),
    });
    const json = (await res.json()) as any;
    expect(json.valid).toBe(false);
    expect(json.reasons.map((r: { code: string }) => r.code)).toEqual(['ATTESTATION_EXPIRED']);
  });

  it('rejects a token signed by a key this instance never held', async () => {
    const { verify, token } = await issued();
    const foreign = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const foreignKid = await calculateJwkThumbprint(await exportJWK(foreign.publicKey));
    const claims = decodeJwt(token);
    const header = decodeProtectedHeader(token);
    const unknown = await new SignJWT(claims).setProtectedHeader({ ...header, kid: foreignKid } as never).sign(foreign.privateKey);
    const res = await verify(unknown);
    expect(res.json.valid).toBe(false);
    expect(codes(res)).toEqual(['ATTESTATION_UNKNOWN_KEY']);
    // The same foreign key claiming this instance's key id fails on the signature instead.
    const impostor = await new SignJWT(claims).setProtectedHeader(header as never).sign(foreign.privateKey);
    expect(codes(await verify(impostor))).toEqual(['ATTESTATION_SIGNATURE_INVALID']);
  });

  it('rejects a malformed token', async () => {
    const { verify } = await issued();
    const res = await verify('not.a-token');
    expect(res.status).toBe(200);
    expect(res.json.valid).toBe(false);
    expect(codes(res)).toEqual(['ATTESTATION_MALFORMED']);
  });

  it('verifies offline with /.well-known/jwks.json and jose\'s createLocalJWKSet', async () => {
    const { env, token } = await issued();
    const res = await env.app.request('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    const set = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(set.keys.length).toBeGreaterThan(0);
    for (const k of set.keys) {
      expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(k).not.toHaveProperty('d');
    }
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(set as never), { algorithms: ['EdDSA'], currentDate: env.clock.now() });
    expect(protectedHeader.kid).toBe(decodeProtectedHeader(token).kid);
    expect(payload.sub).toBe('SUB01');
  });

  it('keeps verifying a token after key rotation, and signs new tokens with the new key', async () => {
    const { env, issue, verify, token } = await issued();
    const admin: Actor = { id: 1, email: 'admin', name: null, role: 'ADMIN', companyHlo: null, companyCage: null };
    const oldKid = decodeProtectedHeader(token).kid;
    const rotated = await rotateSigningKey({ database: env.database, clock: env.clock }, admin);
    expect(rotated.retired).toBe(oldKid);
    const old = await verify(token);
    expect(old.json.valid).toBe(true);
    expect(codes(old)).toEqual(['ATTESTATION_KEY_RETIRED']);
    const fresh = (await issue({ uids: ['SB0000A001'] })).json.token;
    expect(decodeProtectedHeader(fresh).kid).toBe(rotated.kid);
    expect((await verify(fresh)).json).toMatchObject({ valid: true, reasons: [] });
    const kids = ((await (await env.app.request('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([oldKid, rotated.kid]));
  });
});

describe('SIGNING_KEY_FILE: the signing key kept in a key file', () => {
  it('signs with the file\'s key and publishes its public half', async () => {
    const fileEnv = await ownEnv();
    await seed(fileEnv);
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = await exportJWK(pair.privateKey);
    const dir = mkdtempSync(join(tmpdir(), 'awardgate-key-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'signing.jwk.json');
    writeFileSync(path, JSON.stringify(jwk));
    const app = createApp({ database: fileEnv.database, clock: fileEnv.clock, signingKeyFile: path });
    const subToken = await fileEnv.user('ao@sub01.example', 'CONTRACTOR', 'SUB01');
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await app.request(p, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${subToken}` }, body: body ? JSON.stringify(body) : undefined });
      return { status: res.status, json: (await res.json()) as any };
    };
    const issued = await call('POST', '/api/v1/attestations', { uids: ['SB0000A001'] });
    expect(issued.status).toBe(201);
    const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
    expect(decodeProtectedHeader(issued.json.token).kid).toBe(kid);
    const set = (await call('GET', '/.well-known/jwks.json')).json as { keys: { kid: string; d?: string }[] };
    expect(set.keys.map((k) => k.kid)).toContain(kid);
    expect(set.keys.every((k) => k.d === undefined)).toBe(true);
    expect((await call('POST', '/api/v1/attestations/verify', { token: issued.json.token })).json.valid).toBe(true);
    const stored = await fileEnv.database.client.execute({ sql: 'SELECT private_jwk, source FROM signing_keys WHERE kid = ?', args: [kid] });
    expect(stored.rows[0]).toMatchObject({ private_jwk: null, source: 'FILE' });
  });
});
