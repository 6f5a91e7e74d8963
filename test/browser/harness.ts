/**
 * Real-browser test harness: starts the product exactly as `npm start` does (a child process on a
 * free loopback port, its own temp database), drives Debian's Chromium through playwright-core, and
 * runs axe-core on each page of a journey. No browser download: /usr/bin/chromium (apt).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });

export interface Server {
  baseUrl: string;
  adminToken: string;
  /** JSON API call as the administrator (or another token). */
  api: (method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number; json: any }>;
  stop: () => Promise<void>;
  log: () => string;
}

export async function startServer(opts: { today?: string; demoSeed?: boolean } = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'awardgate-browser-'));
  const port = await freePort();
  const adminToken = `browser-admin-${Math.random().toString(36).slice(2)}-token`;
  let out = '';
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'sprs.db')}`,
      ADMIN_API_TOKEN: adminToken,
      DEMO_SEED: opts.demoSeed ? 'on' : 'off',
      APP_TODAY: opts.today ?? '2026-11-23',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${baseUrl}/sign-in`);
      break;
    } catch {
      if (i > 600 || child.exitCode !== null) throw new Error(`server did not start:\n${out.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const api: Server['api'] = async (method, path, body, token = adminToken) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let json: any = null;
    try {
      json = await res.json();
    } catch {
      /* not JSON */
    }
    return { status: res.status, json };
  };
  return {
    baseUrl,
    adminToken,
    api,
    log: () => out,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise((r) => setTimeout(r, 300));
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
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
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
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

/** Signs in through the real form, using only the keyboard. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.focus('input[name=email]');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.keyboard.press('Enter')]);
}

/** axe-core on the current page: returns serious or critical violations (a journey asserts none). */
export async function seriousViolations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
}

/**
 * Saves a PNG screenshot for the README under docs/screenshots. `fullPage: false` keeps to the
 * viewport (a 110-row form would otherwise be a picture no README can show legibly).
 */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join('docs', 'screenshots', `${name}.png`), fullPage: opts.fullPage ?? true });
}
