import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { affirmation, company, testEnv, type TestEnv } from '../helpers.js';
import { signInAs } from './page-helpers.js';
import { expectPage, expectShows } from './expect-page.js';

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
    await expectPage(res, 422, ['Confirm that you understand the change ends the status', 'Boundary firewall replaced']);
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

describe('UID lookup by CAGE code or company name, showing the company (issue 10)', () => {
  const harbor = async () => {
    const res = await env.api('POST', '/api/v1/import', {
      companies: [company('2LK01', '2LK01', { name: 'Harbor Optics LLC' }), company('2LK02', '2LK01', { name: 'Harbor Optics West' }), company('3LK01', '3LK01', { name: 'Quarry Tools 100%' })],
      assessments: [
        { uid: 'HARB000001', level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['2LK01', '2LK02'], scope: 'Enterprise', score: 110, affirmations: [affirmation('2026-06-01')] },
        { uid: 'HARB000002', level: 'L2_SELF', status: 'FINAL', statusDate: '2026-03-01', cages: ['2LK02'], scope: 'Enclave: west', score: 110, affirmations: [affirmation('2026-03-01')] },
      ],
    });
    expect(res.status).toBe(201);
  };
  /** The search's table body (the page's form and hint name CAGE codes too). */
  const found = (html: string) => (html.includes('<tbody>') ? html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')) : '');

  it('lists every UID of a company found by part of its name, newest status first, each with its company', async () => {
    await harbor();
    const officer = await signInAs(env, 'officer@example.gov', 'officer password long');
    const res = await officer.get('/uids?uid=harbor');
    expect(res.status).toBe(200);
    const rows = found(await res.text());
    expect(rows.indexOf('HARB000001')).toBeGreaterThan(-1);
    expect(rows.indexOf('HARB000001')).toBeLessThan(rows.indexOf('HARB000002'));
    expect(rows.match(/Harbor Optics LLC \(<span class="ag-mono">2LK01<\/span>\)/g)).toHaveLength(2);
    expect(rows).not.toContain('LKUP000001');
  });

  it('finds the UIDs that list a subsidiary CAGE code, and only those of that CAGE', async () => {
    await harbor();
    const officer = await signInAs(env, 'officer@example.gov', 'officer password long');
    const west = found(await (await officer.get('/uids?uid=2lk02')).text());
    expectShows(west, ['HARB000001', 'HARB000002']);
    const other = found(await (await officer.get('/uids?uid=1LK01')).text());
    expectShows(other, ['LKUP000001'], ['HARB']);
  });

  it('shows the owning company on a UID looked up by its UID', async () => {
    await harbor();
    const officer = await signInAs(env, 'officer@example.gov', 'officer password long');
    const html = await (await officer.get('/uids?uid=HARB000002')).text();
    expect(html).toMatch(/Company<\/dt>\s*<dd[^>]*>Harbor Optics LLC \(HLO CAGE <span class="ag-mono">2LK01<\/span>\)/);
  });

  it('finds nothing a contractor may not see, and says so naming what was searched', async () => {
    await harbor();
    await env.user('it@quarry.example', 'CONTRACTOR', '3LK01', 'quarry password long');
    const quarry = await signInAs(env, 'it@quarry.example', 'quarry password long');
    const html = await (await quarry.get('/uids?uid=Harbor')).text();
    expect(found(html)).toBe('');
    expect(html).toContain('No UID that you may see belongs to or lists a company with CAGE code or name “Harbor”.');
  });

  it('takes % and _ in a name literally', async () => {
    await harbor();
    const officer = await signInAs(env, 'officer@example.gov', 'officer password long');
    expect(found(await (await officer.get('/uids?uid=%25')).text())).toBe('');
    expect(found(await (await officer.get('/uids?uid=Harbor_Optics')).text())).toBe('');
  });
});
