import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { affirmation, company, testEnv, type TestEnv } from '../helpers.js';
import { signInAs } from './page-helpers.js';

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
  await env.api('POST', '/api/v1/import', {
    companies: [company('1LK01')],
    assessments: [{ uid: 'LKUP000001', level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['1LK01'], scope: 'Enterprise', score: 110, affirmations: [affirmation('2026-06-01')] }],
  });
  await env.user('dibcac@example.mil', 'DIBCAC', undefined, 'dibcac password long');
  await env.user('officer@example.gov', 'CONTRACTING_OFFICER', undefined, 'officer password long');
});
afterEach(() => env.close());

const check = () => env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: ['LKUP000001'] });

describe('DIBCAC records a reassessment finding from the UID lookup (rules §9, §3.3)', () => {
  it('ends currency from the date of the change', async () => {
    const dibcac = await signInAs(env, 'dibcac@example.mil', 'dibcac password long');
    expect(await (await dibcac.get('/uids?uid=LKUP000001')).text()).toContain('Record a change in compliance');
    const res = await dibcac.post('/uids/LKUP000001/compliance-change', { date: '2026-11-20', description: 'DIBCAC reassessment: MFA not enforced', confirm: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/uids?uid=LKUP000001&changed=1');
    const row = (await check()).json.uids[0];
    expect(row.reasons.map((r: { code: string }) => r.code)).toEqual(['COMPLIANCE_CHANGED']);
  });

  it('keeps the description and asks for the confirmation when it is missing, storing nothing', async () => {
    const dibcac = await signInAs(env, 'dibcac@example.mil', 'dibcac password long');
    const res = await dibcac.post('/uids/LKUP000001/compliance-change', { date: '2026-11-20', description: 'Boundary firewall replaced' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Confirm that you understand the change ends the status');
    expect(html).toContain('Boundary firewall replaced');
    expect((await check()).json.eligible).toBe(true);
  });

  it('refuses a date after today with a field message', async () => {
    const dibcac = await signInAs(env, 'dibcac@example.mil', 'dibcac password long');
    const res = await dibcac.post('/uids/LKUP000001/compliance-change', { date: '2026-12-01', description: 'Future', confirm: 'on' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('must be on or before today');
    expect((await check()).json.eligible).toBe(true);
  });

  it('does not offer the form to a contracting officer, and refuses the post', async () => {
    const officer = await signInAs(env, 'officer@example.gov', 'officer password long');
    expect(await (await officer.get('/uids?uid=LKUP000001')).text()).not.toContain('Record a change in compliance');
    const res = await officer.post('/uids/LKUP000001/compliance-change', { date: '2026-11-20', description: 'x', confirm: 'on' });
    expect(res.status).toBe(403);
    expect((await check()).json.eligible).toBe(true);
  });
});
