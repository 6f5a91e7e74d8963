/**
 * Sign-in with a second factor in Chromium (issue 12, finding 6; issue 10, administrators): a
 * passkey added at the first sign-in and used at the next (Chromium's virtual authenticator through
 * CDP), an authenticator app whose codes the test computes from the key the page shows, a recovery
 * code that works once, and an administrator's account lifecycle. axe on every page on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOf, auditor, confirmWithApp, enrolApp, launchBrowser, main, signIn, startServer, submitPassword, type BrowserSession, type Server } from './harness.js';

const PASSWORD = 'quiet harbour lantern 42';
const ASSESSOR = 'lead@c3pao.example';
const OFFICER = 'officer@army.example';
const ADMIN = 'chief@awardgate.example';
const CONTRACTOR = 'ann@alpha.example';

let server: Server;
let contractorToken = '';
let contractorId = 0;

beforeAll(async () => {
  server = await startServer();
  expect(
    (
      await server.api('POST', '/api/v1/import', {
        companies: [
          { cage: '1AA01', name: 'Alpha Aero', hloCage: '1AA01' },
          { cage: '1BB01', name: 'Bravo Boats', hloCage: '1BB01' },
        ],
      })
    ).status,
  ).toBe(201);
  for (const [email, role] of [
    [ASSESSOR, 'C3PAO'],
    [OFFICER, 'CONTRACTING_OFFICER'],
    [ADMIN, 'ADMIN'],
  ] as const) {
    expect((await server.api('POST', '/api/v1/users', { email, role, password: PASSWORD })).status).toBe(201);
  }
  const c = await server.api('POST', '/api/v1/users', { email: CONTRACTOR, role: 'CONTRACTOR', companyCage: '1AA01', password: PASSWORD });
  expect(c.status).toBe(201);
  contractorToken = c.json.apiToken;
  contractorId = c.json.id;
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

async function signOut(b: BrowserSession): Promise<void> {
  await Promise.all([b.page.waitForURL(/\/sign-in/), b.page.getByRole('button', { name: 'Sign out' }).click()]);
}

describe('a second factor in a real browser', () => {
  it('adds a passkey at the first sign-in (virtual authenticator) and signs in with it the next time', async () => {
    const b = await launchBrowser();
    const { violations, audit } = auditor();
    try {
      // WebAuthn needs a domain as the relying party (never an IP address): the server's own PUBLIC_URL host.
      const base = server.baseUrl.replace('127.0.0.1', 'localhost');
      const cdp = await b.context.newCDPSession(b.page);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });

      await submitPassword(b.page, base, ASSESSOR, PASSWORD);
      expect(new URL(b.page.url()).pathname).toBe('/sign-in/enrol');
      // The passkey form shows once its script ran (CSP 'self': the browser library comes from /assets).
      await b.page.waitForSelector('form[data-passkey=register]:not([hidden])');
      await audit(b.page, 'enrol');
      await b.page.fill('input[name=name]', 'Test laptop');
      await Promise.all([b.page.waitForSelector('#recovery-codes'), b.page.getByRole('button', { name: 'Add a passkey' }).click()]);
      expect(await b.page.locator('#recovery-codes li').count()).toBe(10);
      await audit(b.page, 'recovery codes');
      expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);
      await Promise.all([b.page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), b.page.getByRole('link', { name: 'I saved them: continue' }).click()]);
      expect(await main(b.page)).toContain('C3PAO assessor');

      await signOut(b);
      await submitPassword(b.page, base, ASSESSOR, PASSWORD);
      expect(new URL(b.page.url()).pathname).toBe('/sign-in/verify');
      await b.page.waitForSelector('form[data-passkey=sign-in]:not([hidden])');
      await audit(b.page, 'verify');
      await Promise.all([b.page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), b.page.getByRole('button', { name: 'Use your passkey' }).click()]);
      expect(await main(b.page)).toContain('C3PAO assessor');
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials[0].signCount).toBeGreaterThan(0);
      expect(violations).toEqual([]);
    } finally {
      await b.close();
    }
  }, 120_000);

  it('adds an authenticator app, signs in with a recovery code once (refused the second time) and with the app\'s code', async () => {
    const b = await launchBrowser();
    const { violations, audit } = auditor();
    try {
      await submitPassword(b.page, server.baseUrl, OFFICER, PASSWORD);
      expect(new URL(b.page.url()).pathname).toBe('/sign-in/enrol');
      await audit(b.page, 'enrol');
      const app = await enrolApp(b.page, server.baseUrl, OFFICER);
      expect(app.secret).toMatch(/^[A-Z2-7]{16,}$/);
      expect(app.recoveryCodes).toHaveLength(10);
      await audit(b.page, 'recovery codes');
      await Promise.all([b.page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), b.page.getByRole('link', { name: 'I saved them: continue' }).click()]);
      expect(await main(b.page)).toContain('Contracting officer');

      const [code] = app.recoveryCodes;
      await signOut(b);
      await submitPassword(b.page, server.baseUrl, OFFICER, PASSWORD);
      await audit(b.page, 'verify');
      await b.page.fill('input[name=recoveryCode]', code);
      await Promise.all([b.page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), b.page.getByRole('button', { name: 'Use the recovery code' }).click()]);
      expect(await main(b.page)).toContain('Contracting officer');

      await signOut(b);
      await submitPassword(b.page, server.baseUrl, OFFICER, PASSWORD);
      await b.page.fill('input[name=recoveryCode]', code);
      await Promise.all([b.page.waitForSelector('#error-summary'), b.page.getByRole('button', { name: 'Use the recovery code' }).click()]);
      expect(await b.page.textContent('#error-summary')).toContain('That recovery code does not match an unused code of this account');
      await audit(b.page, 'verify, code refused');
      await confirmWithApp(b.page, appOf(server.baseUrl, OFFICER)!);
      expect(await main(b.page)).toContain('Contracting officer');
      expect(violations).toEqual([]);
    } finally {
      await b.close();
    }
  }, 120_000);
});

describe('an administrator\'s account lifecycle in a real browser', () => {
  it('moves an account to another company, disables and enables it (its API token with it), and resets its password', async () => {
    const admin = await launchBrowser();
    const user = await launchBrowser();
    const { violations, audit } = auditor();
    const tokenStatus = async () => (await server.api('POST', '/api/v1/applicability', { issueDate: '2026-01-01', information: 'CUI' }, contractorToken)).status;
    try {
      await signIn(admin.page, server.baseUrl, ADMIN, PASSWORD);
      await admin.page.goto(`${server.baseUrl}/admin/users`);
      await audit(admin.page, 'accounts');
      // The ADMIN_API_TOKEN account has no password: it is shown as API-only.
      expect(await admin.page.locator('tr', { hasText: 'admin@awardgate.local' }).textContent()).toContain('API only');
      // A new account's role is chosen, never preset to Administrator.
      expect(await admin.page.locator('#new-user select[name=role]').inputValue()).toBe('');

      await Promise.all([admin.page.waitForURL(new RegExp(`/admin/users/${contractorId}$`)), admin.page.getByRole('link', { name: CONTRACTOR }).click()]);
      await audit(admin.page, 'account');
      await admin.page.fill('input[name=companyCage]', '1BB01');
      await Promise.all([admin.page.waitForLoadState('load'), admin.page.getByRole('button', { name: 'Save role and company' }).click()]);
      await admin.page.waitForSelector('text=Save role and company');
      expect(await main(admin.page)).toContain('1BB01');

      expect(await tokenStatus()).toBe(200);
      await Promise.all([admin.page.waitForLoadState('load'), admin.page.getByRole('button', { name: 'Disable the account' }).click()]);
      await admin.page.getByRole('button', { name: 'Enable the account' }).waitFor();
      expect(await main(admin.page)).toContain('Disabled: cannot sign in, and its API tokens are refused');
      expect(await tokenStatus()).toBe(401);
      await submitPassword(user.page, server.baseUrl, CONTRACTOR, PASSWORD);
      expect(new URL(user.page.url()).pathname).toBe('/sign-in');
      await Promise.all([admin.page.waitForLoadState('load'), admin.page.getByRole('button', { name: 'Enable the account' }).click()]);
      await admin.page.getByRole('button', { name: 'Disable the account' }).waitFor();
      expect(await tokenStatus()).toBe(200);

      // Cannot be undone: the reset asks for a confirmation first.
      await admin.page.getByRole('button', { name: 'Reset the password' }).click();
      await admin.page.waitForSelector('#error-summary');
      await audit(admin.page, 'account, reset not confirmed');
      await admin.page.click('label:has-text("I understand the current password stops working for good")');
      await Promise.all([admin.page.waitForSelector('text=Temporary password (shown once)'), admin.page.getByRole('button', { name: 'Reset the password' }).click()]);
      await audit(admin.page, 'account, temporary password');
      const temporary = ((await admin.page.locator('.usa-alert code').first().textContent()) ?? '').trim();
      expect(temporary.length).toBeGreaterThanOrEqual(15);

      // The old password no longer works; the temporary one leads to choosing a new one.
      await submitPassword(user.page, server.baseUrl, CONTRACTOR, PASSWORD);
      expect(new URL(user.page.url()).pathname).toBe('/sign-in');
      await submitPassword(user.page, server.baseUrl, CONTRACTOR, temporary);
      expect(new URL(user.page.url()).pathname).toBe('/sign-in/new-password');
      await audit(user.page, 'new password');
      await user.page.fill('input[name=password]', 'copper kettle morning rain');
      await user.page.fill('input[name=repeat]', 'copper kettle morning rain');
      await Promise.all([user.page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), user.page.getByRole('button', { name: 'Save the password' }).click()]);
      expect(await main(user.page)).toContain('Company (highest-level owner CAGE): 1BB01');
      expect(violations).toEqual([]);
    } finally {
      await admin.close();
      await user.close();
    }
  }, 180_000);
});
