/**
 * Reminders due on the test day (2026-11-23, test/helpers.ts TODAY) for the route and page tests,
 * imported through the API, and the app served with reminder settings (PUBLIC_URL, SMTP_URL) as
 * server.ts would hand them in.
 *
 * - Company 1AAA1 (subsidiary CAGE 1AAA2): DUEA000001 affirmed 2025-12-23, so its affirmation holds
 *   through 2026-12-23: due in 30 days. OVRA000001 affirmed 2025-11-15, through 2026-11-15: overdue,
 *   and 2026-11-23 is the eighth day after (the day after, then weekly: days 1, 8, 15…).
 * - Company 2BBB1: DUEB000001 affirmed 2025-11-30, through 2026-11-30: due in 7 days.
 * - People (passwords, to sign in): Ann (1AAA1) and Al (1AAA2) for company 1AAA1, Bea for 2BBB1, an
 *   administrator and an officer.
 */
import { createApp } from '../../src/app.js';
import type { ReminderSettings } from '../../src/services/notifications/settings.js';
import { affirmation, apiCaller, company, TEST_PASSWORD_HASH_N, testEnv, type TestEnv } from '../helpers.js';
import { signInAs, type Session } from '../pages/page-helpers.js';
import { AL, ANN, BEA, settingsFor } from './fixtures.js';

export const PASSWORD = 'reminder pages password';
export { AL, ANN, BEA };
export const ADMIN = 'root@agency.example';
export const OFFICER = 'officer@agency.example';

const final = (uid: string, cage: string, date: string, scope: string) => ({ uid, level: 'L2_SELF', status: 'FINAL', statusDate: date, cages: [cage], scope, score: 110, affirmations: [affirmation(date)] });

export const DUE_RECORDS = {
  companies: [company('1AAA1'), company('1AAA2', '1AAA1'), company('2BBB1')],
  assessments: [final('DUEA000001', '1AAA1', '2025-12-23', 'Enclave: machining'), final('OVRA000001', '1AAA2', '2025-11-15', 'Enclave: test lab'), final('DUEB000001', '2BBB1', '2025-11-30', 'Enterprise')],
};

export interface RouteEnv extends TestEnv {
  settings: ReminderSettings;
  tokens: { ann: string; al: string; bea: string; officer: string };
  signIn(email: string): Promise<Session>;
}

/**
 * The due records and people, on an app whose reminder settings are `settings` (default: no relay,
 * PUBLIC_URL https://awardgate.test). Only the people in `signsIn` get a password (each costs a
 * deliberately slow hash).
 */
export async function routeEnv(opts: { settings?: ReminderSettings; signsIn?: string[] } = {}): Promise<RouteEnv> {
  const settings = opts.settings ?? settingsFor(null);
  const pw = (email: string) => (opts.signsIn?.includes(email) ? PASSWORD : undefined);
  const base = await testEnv();
  const app = createApp({ database: base.database, clock: base.clock, reminders: settings, publicUrl: settings.publicUrl, passwordHashN: TEST_PASSWORD_HASH_N });
  const env: TestEnv = { ...base, app, api: apiCaller(app) };
  const imported = await env.api('POST', '/api/v1/import', DUE_RECORDS);
  if (imported.status !== 201) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.json)}`);
  const tokens = {
    ann: await env.user(ANN, 'CONTRACTOR', '1AAA1', pw(ANN)),
    al: await env.user(AL, 'CONTRACTOR', '1AAA2', pw(AL)),
    bea: await env.user(BEA, 'CONTRACTOR', '2BBB1', pw(BEA)),
    officer: await env.user(OFFICER, 'CONTRACTING_OFFICER', undefined, pw(OFFICER)),
  };
  await env.user(ADMIN, 'ADMIN', undefined, pw(ADMIN));
  return { ...env, settings, tokens, signIn: (email) => signInAs(env, email, PASSWORD) };
}

/** The text a screen reader reads for a fragment of HTML: tags dropped, white space folded. */
export const readText = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

/** The header's inbox link as read aloud (its label, else its text), e.g. "Inbox, 3 unread". */
export const inboxLinkText = (html: string): string | null => {
  const m = /<a href="\/inbox"([^>]*)>([\s\S]*?)<\/a>/.exec(html);
  if (!m) return null;
  return /aria-label="([^"]*)"/.exec(m[1])?.[1] ?? readText(m[2]);
};

/** How many rows a table holds (what a refused request must leave as it was). */
export async function rowsIn(env: Pick<TestEnv, 'database'>, table: 'notifications' | 'notification_preferences'): Promise<number> {
  const r = await env.database.client.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(r.rows[0].n);
}
