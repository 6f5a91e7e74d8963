/** Identifier shapes (rules §1): trimmed and upper-cased before validation. */
export const normaliseId = (s: string): string => s.trim().toUpperCase();

/** CMMC UID: 10 of A–Z, 0–9. */
export const UID_PATTERN = /^[A-Z0-9]{10}$/;
/** CAGE / NCAGE: 5 of A–Z, 0–9, never I or O. */
export const CAGE_PATTERN = /^[A-HJ-NP-Z0-9]{5}$/;
/** SAM UEI: 12 of A–Z, 0–9. */
export const UEI_PATTERN = /^[A-Z0-9]{12}$/;

export const isUid = (s: string): boolean => UID_PATTERN.test(s);
export const isCage = (s: string): boolean => CAGE_PATTERN.test(s);
export const isUei = (s: string): boolean => UEI_PATTERN.test(s);

/** Decision (rules §1): generated UIDs avoid the ambiguous glyphs I and O. */
export const UID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** Builds a UID from random bytes (the caller supplies randomness, so this stays pure). */
export function uidFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 10) throw new RangeError('need 10 random bytes');
  let out = '';
  // 256 % 34 ≠ 0, so reject bytes ≥ 238 (7 × 34) to keep the draw uniform; the caller retries.
  for (const b of bytes) {
    if (b >= 238) continue;
    out += UID_ALPHABET[b % UID_ALPHABET.length];
    if (out.length === 10) return out;
  }
  throw new RangeError('not enough usable random bytes');
}
