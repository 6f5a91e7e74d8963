/**
 * The set-up every browser journey shares: the product on a database of its own with the
 * journey's records imported and accounts created, and one browser, both closed after the file.
 * Also the keyboard step that fills a form's text fields in Tab order.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { keyboard, launchBrowser, startServer, type BrowserSession, type Server } from './harness.js';

export interface JourneyAccount {
  email: string;
  role: string;
  password: string;
  companyCage?: string;
}

export interface Journey {
  server: Server;
  b: BrowserSession;
  /** What POST /api/v1/users answered for each account, by e-mail (its id and API token). */
  accounts: Map<string, { id: number; apiToken: string }>;
}

/**
 * Registers the file's beforeAll/afterAll and returns the journey they fill in: read `server` and
 * `b` inside tests and hooks, never at the top level. Each import and account must be accepted.
 */
export function journey(opts: { today?: string; records?: object; accounts?: JourneyAccount[] } = {}): Journey {
  const j = { accounts: new Map() } as Journey;
  beforeAll(async () => {
    j.server = await startServer({ demoSeed: false, today: opts.today });
    if (opts.records) expect((await j.server.api('POST', '/api/v1/import', opts.records)).status).toBe(201);
    for (const account of opts.accounts ?? []) {
      const created = await j.server.api('POST', '/api/v1/users', account);
      expect(created.status).toBe(201);
      j.accounts.set(account.email, created.json);
    }
    j.b = await launchBrowser();
  });
  afterAll(async () => {
    await j.b?.close();
    await j.server?.stop();
  });
  return j;
}

/** `keyboard(maxTabs)` and `fillIn`: from the top of the main region, types each field's text in Tab order. */
export function journeySteps(maxTabs: number) {
  const steps = keyboard(maxTabs);
  async function fillIn(page: Page, fields: Record<string, string>): Promise<void> {
    await page.focus('#main-content');
    for (const [name, text] of Object.entries(fields)) await steps.typeInto(page, name, text);
  }
  return { ...steps, fillIn };
}

/** Acme Machining LLC, the contractor of several journeys: its own Highest Level Owner, active in SAM. */
export const ACME = { cage: '1AB23', name: 'Acme Machining LLC', uei: 'ACMEUEI12345', hloCage: '1AB23', samActive: true, address: '1 Main St, Dayton OH 45402' };

/** Another CAGE code of Acme (an enclave or a site), under its HLO 1AB23. */
export const acmeCage = (cage: string, name: string, uei: string, address: string) => ({ cage, name, uei, hloCage: ACME.cage, samActive: true, address });

/** A status's affirmations for an import: one by Pat Lee, President, on `date`, reachable at `email`. */
export const affirmedBy = (email: string) => (date: string) => [{ date, name: 'Pat Lee', title: 'President', email }];
