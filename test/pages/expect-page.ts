/**
 * Checking what a page shows. A test lists the texts the rule book expects literally; these say,
 * in one failure, every text that is missing (or shown where it must not be) instead of stopping
 * at the first.
 */
import { expect } from 'vitest';

/** Checks that `html` contains every text of `shown` and none of `hidden`. */
export function expectShows(html: string, shown: readonly string[], hidden: readonly string[] = []): void {
  expect(
    shown.filter((s) => !html.includes(s)),
    'texts missing from the page',
  ).toEqual([]);
  expect(
    hidden.filter((s) => html.includes(s)),
    'texts the page must not show',
  ).toEqual([]);
}

/** Checks an answer's status, then what its page shows (see `expectShows`); returns the page. */
export async function expectPage(res: Response, status: number, shown: readonly string[] = [], hidden: readonly string[] = []): Promise<string> {
  const html = await res.text();
  // The start of the body says why when the status is wrong (a form message, an error page).
  expect(res.status, html.slice(0, 2000)).toBe(status);
  expectShows(html, shown, hidden);
  return html;
}
