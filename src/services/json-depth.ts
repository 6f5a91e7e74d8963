/**
 * How deep JSON may nest (issue 12, finding 8): far deeper than anything AwardGate takes or issues
 * (an import record is 4 levels down, an attestation's claims 3), far shallower than the recursion
 * of code that walks a parsed value (JSON.stringify, the views, zod) can survive.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether JSON text nests objects and arrays deeper than `max`: one pass over the text, strings skipped, before any parse. */
export function nestedDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // a backslash escapes the next character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > max) return true;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return false;
}
