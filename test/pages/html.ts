/**
 * Reading rendered pages the way a user reads them: the text of a heading or of one element, so a
 * test can compare it whole ("Verdict: eligible for award") instead of finding a substring that
 * the opposite verdict also contains ("Verdict: not eligible for award").
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** HTML text with its character references resolved. */
export const decode = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref.toLowerCase()] ?? whole;
    return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
  });

/** The text a reader sees in a piece of markup: tags dropped, references resolved, white space collapsed. */
export const textOf = (markup: string): string =>
  decode(markup.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

/** The text of every h1–h6 in document order. */
export const headings = (html: string): string[] => [...html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => textOf(m[2]));

/**
 * The markup inside the element whose id is `id` (elements of the same name nested in it are
 * counted, so the right closing tag ends it). Throws when there is no such element.
 */
export function innerById(html: string, id: string): string {
  const open = new RegExp(`<([a-z][a-z0-9-]*)\\b[^>]*\\bid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`, 'i').exec(html);
  if (!open) throw new Error(`no element with id="${id}"`);
  const tag = open[1].toLowerCase();
  const start = open.index + open[0].length;
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  tags.lastIndex = start;
  let depth = 1;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, m.index);
  }
  throw new Error(`element with id="${id}" is not closed`);
}

/** The text of the element whose id is `id`. */
export const textById = (html: string, id: string): string => textOf(innerById(html, id));

/** The text of each cell (th or td) of the table row whose first cell reads `first`. */
export function rowCells(html: string, first: string): string[] {
  for (const row of html.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)) {
    const cells = [...row[1].matchAll(/<(t[hd])\b[^>]*>([\s\S]*?)<\/\1>/g)].map((c) => textOf(c[2]));
    if (cells[0] === first) return cells;
  }
  throw new Error(`no table row starts with "${first}"`);
}
