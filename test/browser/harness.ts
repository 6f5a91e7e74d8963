/**
 * Real-browser test harness: starts the product exactly as `npm start` does (a child process on a
 * free loopback port, its own temp database), drives Debian's Chromium through playwright-core, and
 * runs axe-core on each page of a journey. No browser download: /usr/bin/chromium (apt).
 */
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { generate } from 'otplib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { call, serverDir, startServer as startProduct } from '../resilience/server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';


export interface Server {
  baseUrl: string;
  adminToken: string;
  /** JSON API call as the administrator (or another token). */
  api: (method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number; json: any }>;
  stop: () => Promise<void>;
  log: () => string;
}

/** `npm start` on a database of its own (test/resilience/server.ts), with an API caller as the administrator. */
export async function startServer(opts: { today?: string; demoSeed?: boolean } = {}): Promise<Server> {
  const d = serverDir('awardgate-browser-');
  const running = await startProduct(d, opts);
  const api: Server['api'] = async (method, path, body, token = d.adminToken) => {
    const r = await call(running.baseUrl, token, method, path, body);
    return { status: r.status, json: r.json };
  };
  return {
    baseUrl: running.baseUrl,
    adminToken: d.adminToken,
    api,
    log: running.log,
    stop: async () => {
      await running.stop();
      d.remove();
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

/**
 * A browser context of its own (its own cookies: one role), `width` pixels wide. CI runs the
 * journeys beside the conformance, sqld and benchmark steps on two cores, where a page has taken
 * more than Playwright's default 30 s to load; a step waits up to 90 s (the test's own limit is 240 s).
 */
export async function openContext(browser: Browser, width = 1280): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  return context;
}

export async function launchBrowser(): Promise<BrowserSession> {
  // playwright's launch() gives every browser a fresh, empty profile directory of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await openContext(browser);
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    close: async () => {
      await browser.close();
    },
  };
}

/** Types the password step through the real form, using only the keyboard; leaves the browser wherever sign-in sends it. */
export async function submitPassword(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.focus('input[name=email]');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  // A refusal shows the form again at the same address: wait for the navigation, not for a new URL.
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
}

/** What a journey's authenticator app holds per account (server and e-mail): its key, and the recovery codes shown with it. */
export interface AppFactor {
  secret: string;
  recoveryCodes: string[];
  /** The last time step whose code was used: the server takes each code once. */
  lastStep: number;
}
const apps = new Map<string, AppFactor>();
export const appOf = (baseUrl: string, email: string): AppFactor | undefined => apps.get(`${baseUrl} ${email}`);

/** The authenticator app's code for a time step (30 s each), as the app would show it. */
export const appCode = (secret: string, step: number) => generate({ secret, epoch: step * 30 });
const stepNow = () => Math.floor(Date.now() / 30_000);

/**
 * Adds an authenticator app on the enrolment page (the browser is at /sign-in/enrol): reads the key
 * off the page as a person types it into the app, confirms with the app's code, keeps the recovery
 * codes shown, and continues. Returns the app.
 */
export async function enrolApp(page: Page, baseUrl: string, email: string): Promise<AppFactor> {
  await Promise.all([page.waitForURL(/\/sign-in\/enrol\/totp$/), page.click('a[href="/sign-in/enrol/totp"]')]);
  const secret = ((await page.textContent('#totp-secret')) ?? '').replace(/\s+/g, '');
  const step = stepNow();
  await page.fill('input[name=code]', await appCode(secret, step));
  await Promise.all([page.waitForSelector('#recovery-codes'), page.click('button:has-text("Confirm the app")')]);
  const recoveryCodes = (await page.locator('#recovery-codes li').allTextContents()).map((c) => c.trim());
  const app = { secret, recoveryCodes, lastStep: step };
  apps.set(`${baseUrl} ${email}`, app);
  return app;
}

/** Confirms a sign-in with the app's code (the browser is at /sign-in/verify), never one already used. */
export async function confirmWithApp(page: Page, app: AppFactor): Promise<void> {
  // The server allows one step of drift either way: the next step's code is valid now.
  const step = Math.max(stepNow(), app.lastStep + 1);
  app.lastStep = step;
  await page.fill('input[name=code]', await appCode(app.secret, step));
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.getByRole('button', { name: 'Confirm', exact: true }).click()]);
}

/**
 * Signs in through the real forms: the password with the keyboard, then the second factor where the
 * role needs one (an authenticator app added at the first sign-in, its code afterwards).
 */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await submitPassword(page, baseUrl, email, password);
  const path = new URL(page.url()).pathname;
  if (path === '/sign-in/enrol') {
    await enrolApp(page, baseUrl, email);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.click('a:has-text("I saved them: continue")')]);
  } else if (path === '/sign-in/verify') {
    const app = appOf(baseUrl, email);
    if (!app) throw new Error(`${email} has a second factor this harness did not add`);
    await confirmWithApp(page, app);
  } else if (path.startsWith('/sign-in')) {
    throw new Error(`sign-in of ${email} stopped at ${path}: ${await main(page)}`);
  }
}

/** axe-core on the current page: every violation, whatever its impact (issue 10: a journey asserts none). */
export async function axeViolations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
}

/**
 * Saves a PNG screenshot for the README under docs/screenshots. `fullPage: false` keeps to the
 * viewport (a 110-row form would otherwise be a picture no README can show legibly).
 */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join('docs', 'screenshots', `${name}.png`), fullPage: opts.fullPage ?? true });
}

// ---- keyboard-only steps: focus moves with Tab, choices with arrows and Space, actions with Enter ----

export interface Focused {
  tag: string;
  name: string;
  /** The value of the focused control (a radio's or checkbox's own value). */
  value: string;
  text: string;
}

export const focused = (page: Page) =>
  page.evaluate((): Focused => {
    const el = document.activeElement as HTMLInputElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', name: el?.getAttribute('name') ?? '', value: el?.value ?? '', text: (el?.textContent ?? '').trim() };
  });

/** The form control named `name` (and, for a radio or checkbox, with that value). */
export const field = (name: string, value?: string) => (f: Focused) => f.name === name && (value === undefined || f.value === value);
/** The link, button or disclosure (`<summary>`) whose text is exactly `text`. */
export const control = (text: string) => (f: Focused) => (f.tag === 'a' || f.tag === 'button' || f.tag === 'summary') && f.text === text;

/** The text of the page's main region. */
export const main = (page: Page) => page.textContent('main').then((t) => t ?? '');

/** The text of one element as a reader sees it (white space collapsed), to compare whole: a verdict heading. */
export const textAt = (page: Page, selector: string) => page.textContent(selector).then((t) => (t ?? '').replace(/\s+/g, ' ').trim());

/**
 * Keyboard steps for a journey. `maxTabs` is how many Tab presses a step may take before its
 * target counts as not reachable by keyboard (each journey sets its own from its longest page).
 */
export function keyboard(maxTabs: number) {
  /** Presses Tab until the focused element matches; fails if it is not reachable by keyboard. */
  async function tabTo(page: Page, what: string, match: (f: Focused) => boolean, max = maxTabs): Promise<void> {
    for (let i = 0; i < max; i++) {
      if (match(await focused(page))) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`${what} is not reachable with the Tab key`);
  }

  async function typeInto(page: Page, name: string, text: string): Promise<void> {
    await tabTo(page, name, field(name));
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  }

  /** Tabs to a checkbox (or radio button) and presses Space, which ticks or unticks it. */
  async function toggle(page: Page, what: string, match: (f: Focused) => boolean): Promise<void> {
    await tabTo(page, what, match);
    await page.keyboard.press('Space');
  }

  /** Arrows through a closed select until its shown option passes `wanted`. */
  async function pick(page: Page, name: string, wanted: (label: string) => boolean, missing: string): Promise<void> {
    await tabTo(page, name, field(name));
    for (let i = 0; i < 10; i++) {
      const current = await page.evaluate(() => {
        const s = document.activeElement as HTMLSelectElement;
        return s.options[s.selectedIndex]?.text ?? '';
      });
      if (wanted(current)) return;
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(missing);
  }

  /** Picks an option of a closed select with the arrow keys. */
  const choose = (page: Page, name: string, label: string) => pick(page, name, (l) => l === label, `no option "${label}" in ${name}`);
  /** Picks the first option of a select whose label contains `part`, with the arrow keys. */
  const chooseContaining = (page: Page, name: string, part: string) => pick(page, name, (l) => l.includes(part), `no option with "${part}" in ${name}`);

  /** Tabs to a link or button and presses Enter; with `waitForUrl`, waits for the page it leads to. */
  async function activate(page: Page, text: string, waitForUrl?: RegExp): Promise<void> {
    await tabTo(page, text, control(text));
    // Waiting for a URL the page already has would not wait at all.
    if (waitForUrl && waitForUrl.test(page.url())) throw new Error(`already at ${page.url()}: the wait for ${waitForUrl} proves nothing`);
    if (waitForUrl) await Promise.all([page.waitForURL(waitForUrl), page.keyboard.press('Enter')]);
    else await page.keyboard.press('Enter');
  }

  return { tabTo, typeInto, toggle, choose, chooseContaining, activate };
}

/** Collects the axe violations of every page a journey audits; the journey expects none at the end. */
export function auditor() {
  const violations: string[] = [];
  async function audit(page: Page, label: string): Promise<void> {
    violations.push(...(await axeViolations(page, label)));
  }
  return { violations, audit };
}
