/**
 * Issue 12, finding 4: every text input goes through one zod text schema (src/services/inputs.ts),
 * which refuses control characters and unpaired surrogates and names that show nothing, and the hash
 * chains hash exactly what they store. Before, a `contractNumber` with a NUL was hashed with the NUL
 * and read back without it, so `npm run audit:verify` (verifyChains) reported the chain broken forever.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChains, recordVerification } from '../../src/services/checks.js';
import { actorForApiToken } from '../../src/services/users.js';
import { ADMIN_TOKEN, affirmation, company, testEnv, type TestEnv } from '../helpers.js';
import { signInAs } from '../pages/page-helpers.js';

let env: TestEnv;
const UID = 'TXTF000001';
beforeEach(async () => {
  env = await testEnv();
  const imported = await env.api('POST', '/api/v1/import', {
    companies: [company('TX001')],
    assessments: [{ uid: UID, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['TX001'], scope: 'Enterprise', score: 110, affirmations: [affirmation('2026-06-01')] }],
  });
  expect(imported.status).toBe(201);
});
afterEach(() => env.close());

const record = (contractNumber: string) => env.api('POST', '/api/v1/checks', { purpose: 'NEW_UID', requiredLevel: 'L2_SELF', uids: [UID], record: true, contractNumber });

describe('the verification chain and text with control characters', () => {
  it('refuses a contract number with a NUL or an unpaired surrogate (422), and the chain still verifies', async () => {
    const nul = await record('W91-\u0000-0001');
    expect(nul.status).toBe(422);
    expect(nul.json.errors).toEqual([{ path: 'contractNumber', message: 'Contains a control character (U+0000); use printable text only' }]);
    const lone = await record('W91-\uD800-0001');
    expect(lone.status).toBe(422);
    expect(lone.json.errors).toEqual([{ path: 'contractNumber', message: 'Contains an unpaired surrogate (U+D800); send well-formed Unicode text' }]);
    expect((await record('W91-0001')).status).toBe(200);
    expect(await verifyChains({ database: env.database, clock: env.clock })).toEqual({ ok: true, problems: [] });
  });

  it('hashes exactly what it stores when such text reaches the service some other way', async () => {
    const actor = (await actorForApiToken(env.database.db, ADMIN_TOKEN))!;
    const recorded = await recordVerification({ database: env.database, clock: env.clock }, actor, { purpose: 'NEW_UID', requiredLevel: 'L2_SELF', uids: [UID], contractNumber: 'W91-\u0000-\uDC00' });
    expect(recorded.contractNumber).toBe('W91-\uFFFD-\uFFFD');
    const [stored] = (await env.database.client.execute('SELECT contract_number FROM verifications')).rows;
    expect(stored.contract_number).toBe('W91-\uFFFD-\uFFFD');
    expect(await verifyChains({ database: env.database, clock: env.clock })).toEqual({ ok: true, problems: [] });
  });
});

describe('one text schema for every text input', () => {
  it('refuses C0 (other than tab and line breaks in a multi-line field), DEL and C1 controls', async () => {
    for (const [ch, code] of [
      ['\u001b', 'U+001B'],
      ['\u007f', 'U+007F'],
      ['\u0085', 'U+0085'],
    ]) {
      const r = await env.api('POST', `/api/v1/uids/${UID}/compliance-changes`, { date: '2026-11-01', description: `Finding ${ch}[31m` });
      expect(r.status, code).toBe(422);
      expect(r.json.errors, code).toEqual([{ path: 'description', message: `Contains a control character (${code}); use printable text only` }]);
    }
  });

  it('keeps line breaks in a multi-line field (a textarea\'s CRLF stored as LF) and refuses them in a single-line one', async () => {
    expect((await env.api('POST', `/api/v1/uids/${UID}/compliance-changes`, { date: '2026-11-01', description: 'Line one\r\nLine two\tindented' })).status).toBe(201);
    expect((await env.api('GET', `/api/v1/uids/${UID}`)).json.complianceChanges).toEqual([{ date: '2026-11-01', description: 'Line one\nLine two\tindented' }]);
    const scope = await env.api('POST', '/api/v1/companies/TX001/assessments', { level: 'L1_SELF', scope: 'Enclave\nA', results: {} });
    expect(scope.status).toBe(422);
    expect(scope.json.errors).toContainEqual({ path: 'scope', message: 'Must be a single line: no tab or line break' });
  });

  it('refuses a name of zero-width and other invisible characters only, as if it were blank', async () => {
    const r = await env.api('POST', `/api/v1/uids/${UID}/affirmations`, { name: '\u200B\u2060\uFEFF', title: '\u3164' });
    expect(r.status).toBe(422);
    expect(r.json.errors).toEqual([
      { path: 'name', message: 'required' },
      { path: 'title', message: 'required' },
    ]);
    const imported = await env.api('POST', '/api/v1/import', { companies: [{ cage: 'TX002', name: '\u200D\u202E' }] });
    expect(imported.status).toBe(422);
    expect(imported.json.errors).toEqual([{ path: 'companies.0.name', message: 'required' }]);
    // Invisible characters inside a visible name are the user's business.
    expect((await env.api('POST', `/api/v1/uids/${UID}/affirmations`, { name: 'Pat\u200BLee', title: 'CEO' })).status).toBe(201);
  });

  it('refuses the same on a page form, next to the field', async () => {
    await env.user('officer@text.test', 'CONTRACTING_OFFICER', undefined, 'text-input-password-1');
    const officer = await signInAs(env, 'officer@text.test', 'text-input-password-1');
    const res = await officer.post('/officer/solicitations', { number: 'TXT-SOL-1', title: 'Sensors \u001b[2J', issueDate: '2026-11-20', actionType: 'CONTRACT', programOfficeLevel: 'L2_SELF', information: 'CUI' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Contains a control character (U+001B); use printable text only');
  });
});
