/**
 * Flowdown across two companies in a real browser (Chromium, headless), by keyboard: a sub issues a
 * signed status attestation → a prime (its own browser context) pastes it into a flowdown check for
 * CUI under an L2 (C3PAO) prime contract → sees the verified facts and the decision → records it
 * (rules §7; 32 CFR 170.23). axe-core checks every page of the journey for serious or critical
 * violations; the recorded check is saved as docs/screenshots/flowdown-check.png.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { auditor, control, field, keyboard, main, openContext, screenshot, signIn, textAt } from './harness.js';
import { affirmedBy, journey } from './journey.js';
import { expectShows } from '../pages/expect-page.js';

const SUB = { email: 'ao@subone.example', password: 'sub-journey-password' };
const PRIME = { email: 'buyer@prime.example', password: 'prime-journey-password' };
const affirmed = affirmedBy('ao@subone.example');

// "Today" is 2026-11-23 (the harness pins APP_TODAY).
const RECORDS = {
  companies: [
    { cage: '7PR01', name: 'Prime Aerospace Inc', uei: 'PRIMEUEI0001', hloCage: '7PR01', samActive: true, address: '9 Runway Rd, Wichita KS 67201' },
    { cage: '7SB01', name: 'Sub One Machining LLC', uei: 'SUBONEUEI001', hloCage: '7SB01', samActive: true, address: '4 Mill St, Dayton OH 45402' },
  ],
  assessments: [
    { uid: 'SUB1C3P001', level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-06-01', cages: ['7SB01'], scope: 'Enterprise', score: 110, affirmations: affirmed('2026-06-01') },
    // A second UID the sub can attest, below what CUI under an L2 (C3PAO) prime needs: the subset journey leaves it out.
    { uid: 'SUB1SLF002', level: 'L2_SELF', status: 'FINAL', statusDate: '2026-05-01', cages: ['7SB01'], scope: 'Enclave: shipping', score: 110, affirmations: affirmed('2026-05-01') },
  ],
  // 3 years and 1 day before "today" (2026-11-23): too old for DFARS 252.204-7020(g)(2) (rules §7).
  nistAssessments: [{ cages: ['7SB01'], confidence: 'BASIC', assessmentDate: '2023-11-22', score: 92 }],
};

const j = journey({
  records: RECORDS,
  accounts: [
    { email: SUB.email, role: 'CONTRACTOR', companyCage: '7SB01', password: SUB.password },
    { email: PRIME.email, role: 'CONTRACTOR', companyCage: '7PR01', password: PRIME.password },
  ],
});
let primeContext: BrowserContext | null = null;
const subApiToken = () => j.accounts.get(SUB.email)!.apiToken;
const { violations, audit } = auditor();

afterAll(async () => {
  await primeContext?.close();
});

const { tabTo, typeInto, toggle, choose } = keyboard(80);

describe('flowdown across two companies in a real browser', () => {
  it('a sub issues an attestation; the prime pastes it into a CUI check under an L2 (C3PAO) contract, sees the verified facts and the decision, and records it', async () => {
    // ---- the subcontractor issues a signed status attestation addressed to the prime ----
    const sub = j.b.page;
    await signIn(sub, j.server.baseUrl, SUB.email, SUB.password);
    await sub.goto(`${j.server.baseUrl}/attestations`);
    expect(await main(sub)).toContain('SUB1C3P001');
    await audit(sub, 'issue attestation form');
    await sub.focus('#main-content');
    await toggle(sub, 'the UID checkbox', field('uids', 'SUB1C3P001'));
    expect(await sub.isChecked('input[name=uids][value=SUB1C3P001]')).toBe(true);
    await typeInto(sub, 'audienceCage', '7PR01');
    await typeInto(sub, 'validDays', '30');
    // Enter in a text field submits; htmx swaps in the confirmation step (issue 10) and moves focus to its heading.
    await sub.keyboard.press('Enter');
    await sub.waitForSelector('#confirm-heading');
    expect(await sub.evaluate(() => document.activeElement?.id)).toBe('confirm-heading');
    expect(await main(sub)).toContain('I understand this is permanent');
    expect(await textAt(sub, '#attestation-area dl')).toContain('2026-12-23');
    await audit(sub, 'confirm the attestation');
    await toggle(sub, 'the confirmation', field('confirm'));
    await tabTo(sub, 'Issue the attestation', control('Issue the attestation'));
    await sub.keyboard.press('Enter');
    await sub.waitForSelector('#f-token');
    expect(await sub.evaluate(() => document.activeElement?.id)).toBe('issued-heading');
    expect(await main(sub)).toContain('Attestation issued, valid through 2026-12-23');
    await audit(sub, 'issued attestation');
    const token = (await sub.inputValue('#f-token')).trim();
    expect(token.split('.')).toHaveLength(3);
    const link = await sub.inputValue('#f-link');
    // The link names a share id: short whatever the token's length (docs/decisions/0013).
    expect(link).toMatch(/\/attestations\/shared\/[A-Za-z0-9_-]{24}$/);

    // ---- anyone can follow the shared link, signed out ----
    const anonymous = await openContext(j.b.browser);
    const stranger = await anonymous.newPage();
    await stranger.goto(link);
    expectShows(await main(stranger), ['Valid: signed by this AwardGate instance', 'Verified claims per UID']);
    await audit(stranger, 'verify page (signed out)');
    await anonymous.close();

    // ---- the prime, in its own browser context, pastes the token into a flowdown check ----
    primeContext = await openContext(j.b.browser);
    const prime = await primeContext.newPage();
    await signIn(prime, j.server.baseUrl, PRIME.email, PRIME.password);
    await prime.goto(`${j.server.baseUrl}/flowdown`);
    expect(await main(prime)).toContain('No flowdown check recorded yet');
    await audit(prime, 'flowdown register (empty)');
    await prime.focus('#main-content');
    await tabTo(prime, 'New flowdown check', control('New flowdown check'));
    await Promise.all([prime.waitForURL(/\/flowdown\/new$/), prime.keyboard.press('Enter')]);
    await audit(prime, 'new flowdown check form');

    await prime.focus('#main-content');
    await typeInto(prime, 'primeContractNumber', 'FA8650-26-C-1234');
    await choose(prime, 'primeLevel', 'CMMC Level 2 (C3PAO)');
    await choose(prime, 'information', 'Controlled Unclassified Information (CUI)');
    // htmx asks the server for the rules §7 row as the selects change.
    await prime.waitForFunction(() => document.getElementById('minimum-hint')?.textContent?.includes('CMMC Level 2 (C3PAO) or higher'));
    await typeInto(prime, 'subcontractor.cage', '7SB01');
    await typeInto(prime, 'subcontractor.name', 'Sub One Machining LLC');
    // The signed attestation is the default evidence; paste the token (keyboard paste inserts text).
    await tabTo(prime, 'evidence choice', field('evidenceSource'));
    expect(await prime.isChecked('input[name=evidenceSource][value=ATTESTATION]')).toBe(true);
    await tabTo(prime, 'attestation', field('attestation'));
    await prime.keyboard.insertText(token);
    await tabTo(prime, 'Preview the decision', control('Preview the decision'));
    await prime.keyboard.press('Enter');
    await prime.waitForSelector('#flowdown-preview');

    // The verified facts and the decision, before anything is recorded.
    expect(await prime.evaluate(() => document.activeElement?.id)).toBe('decision-heading');
    const preview = (await prime.textContent('#flowdown-preview')) ?? '';
    expect(await textAt(prime, '#decision-heading')).toBe('Decision: may award the subcontract');
    expectShows(preview, [
      'Verified facts from the signed attestation',
      'SUB1C3P001',
      'Final Level 2 (C3PAO)',
      '2027-06-01',
      'CMMC Level 2 (C3PAO) or higher',
      'No reason against the award.',
    ]);
    await audit(prime, 'flowdown check preview');
    const before = await j.server.api('GET', '/api/v1/flowdown-checks');
    expect(before.json.items).toEqual([]);

    // Record it: the next control after the decision is the record button.
    await tabTo(prime, 'Record this decision', control('Record this decision'));
    await Promise.all([prime.waitForURL(/\/flowdown\/checks\/[0-9a-f-]{36}\?recorded=1$/), prime.keyboard.press('Enter')]);
    const recorded = await main(prime);
    expectShows(recorded, ['Recorded. This check can no longer be changed.', `by ${PRIME.email}`]);
    expect(await textAt(prime, '#decision-heading')).toBe('Decision: may award the subcontract');
    expect(recorded).toContain('Verified facts from the signed attestation');
    await audit(prime, 'recorded flowdown check');
    await screenshot(prime, 'flowdown-check');

    const after = await j.server.api('GET', '/api/v1/flowdown-checks');
    expect(after.json.items).toHaveLength(1);
    expect(after.json.items[0]).toMatchObject({ primeContractNumber: 'FA8650-26-C-1234', mayAward: true, subMinimumLevel: 'L2_C3PAO', evidence: { kind: 'ATTESTATION', verified: true }, decidedBy: PRIME.email });

    // The register now lists it.
    await prime.goto(`${j.server.baseUrl}/flowdown`);
    expect(await main(prime)).toContain('FA8650-26-C-1234');
    await audit(prime, 'flowdown register');

    expect(violations).toEqual([]);
  });

  it('a prime records a 7012 check on a subset of the attested UIDs that fails only on the sub\'s NIST assessment, and reads why', async () => {
    const issued = await j.server.api('POST', '/api/v1/attestations', { uids: ['SUB1C3P001', 'SUB1SLF002'], audienceCage: '7PR01' }, subApiToken());
    expect(issued.status).toBe(201);
    const context = await openContext(j.b.browser);
    try {
      const prime = await context.newPage();
      await signIn(prime, j.server.baseUrl, PRIME.email, PRIME.password);
      await prime.goto(`${j.server.baseUrl}/flowdown/new`);
      expect(await textAt(prime, '#flowdown-tests')).toContain('DFARS 252.204-7020(g)(2)');
      await prime.focus('#main-content');
      await typeInto(prime, 'primeContractNumber', 'FA8650-26-C-7012');
      await choose(prime, 'primeLevel', 'CMMC Level 2 (C3PAO)');
      await choose(prime, 'information', 'Controlled Unclassified Information (CUI)');
      await toggle(prime, 'the 7012 checkbox', field('nist7012'));
      await typeInto(prime, 'subcontractor.cage', '7SB01');
      await typeInto(prime, 'subcontractor.name', 'Sub One Machining LLC');
      await tabTo(prime, 'attestation', field('attestation'));
      await prime.keyboard.insertText(issued.json.token);
      await tabTo(prime, 'Preview the decision', control('Preview the decision'));
      await prime.keyboard.press('Enter');
      await prime.waitForSelector('#flowdown-preview');
      // Every attested UID is used by default: the Level 2 (Self) one is too low as well.
      expect(await textAt(prime, '#decision-heading')).toBe('Decision: may not award the subcontract');
      expect(await main(prime)).toContain('LEVEL_TOO_LOW');
      await audit(prime, 'flowdown preview with every attested UID');

      // The subcontract does not use the shipping enclave: untick it and preview again.
      await prime.focus('#main-content');
      await toggle(prime, 'the unused UID', field('uids', 'SUB1SLF002'));
      expect(await prime.isChecked('input[name=uids][value=SUB1SLF002]')).toBe(false);
      await tabTo(prime, 'Preview the decision', control('Preview the decision'));
      await prime.keyboard.press('Enter');
      await prime.waitForFunction(() => !document.body.textContent?.includes('LEVEL_TOO_LOW'));
      const preview = await main(prime);
      expect(await textAt(prime, '#decision-heading')).toBe('Decision: may not award the subcontract');
      expectShows(preview, [
        'SUB_NIST_ASSESSMENT_EXPIRED',
        'counted through 2026-11-22: on 2026-11-23 it is more than 3 years old',
        'Expired: more than 3 years old on the decision date',
      ]);
      expect(await textAt(prime, '#not-relied-on')).toContain('SUB1SLF002');
      await audit(prime, 'flowdown preview failing only on the NIST assessment');

      await tabTo(prime, 'Record this decision', control('Record this decision'));
      await Promise.all([prime.waitForURL(/\/flowdown\/checks\/[0-9a-f-]{36}\?recorded=1$/), prime.keyboard.press('Enter')]);
      expect(await textAt(prime, '#decision-heading')).toBe('Decision: may not award the subcontract');
      expect(await main(prime)).toContain('Basic, dated 2023-11-22, score 92');
      await audit(prime, 'recorded flowdown check failing on the NIST assessment');
      const items = (await j.server.api('GET', '/api/v1/flowdown-checks')).json.items as any[];
      const check = items.find((i) => i.primeContractNumber === 'FA8650-26-C-7012');
      expect(check).toMatchObject({ mayAward: false, nist7012: true, nist: { outcome: 'EXPIRED' }, evidence: { notReliedOn: ['SUB1SLF002'] } });
      expect(check.reasons.map((r: { code: string }) => r.code)).toEqual(['SUB_NIST_ASSESSMENT_EXPIRED']);
    } finally {
      await context.close();
    }
    expect(violations).toEqual([]);
  });
});
