import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isCage, isUei, isUid, normaliseId, UID_ALPHABET, uidFromBytes } from './identifiers.js';

describe('rules §1 identifiers are trimmed and upper-cased before validation', () => {
  it('normalises', () => {
    expect(normaliseId('  a1b2c3d4e5\t')).toBe('A1B2C3D4E5');
    expect(normaliseId('1ab23')).toBe('1AB23');
  });

  it.each(['A1B2C3D4E5', '0000000000', 'IOIOIOIOIO', 'ZZZZZZZZZZ'])('accepts the UID %s (any of A–Z, 0–9)', (u) => expect(isUid(u)).toBe(true));
  it.each(['A1B2C3D4E', 'A1B2C3D4E5F', 'a1b2c3d4e5', 'A1B2-3D4E5', ' A1B2C3D4E', ''])('rejects the UID %j', (u) => expect(isUid(u)).toBe(false));

  it.each(['1AB23', '00000', 'ZZZZZ'])('accepts the CAGE %s', (c) => expect(isCage(c)).toBe(true));
  it.each(['1AI23', '1AO23', '1AB2', '1AB234', '1ab23'])('rejects the CAGE %s (5 of A–Z without I or O, 0–9)', (c) => expect(isCage(c)).toBe(false));

  it.each(['ABCDEF123456', 'IOIOIOIOIOIO'])('accepts the UEI %s', (u) => expect(isUei(u)).toBe(true));
  it.each(['ABCDEF12345', 'ABCDEF1234567', 'ABCDEF12345!'])('rejects the UEI %s', (u) => expect(isUei(u)).toBe(false));
});

describe('rules §1 generated UIDs (Decision UID_ALPHABET)', () => {
  const GENERATED = /^[A-HJ-NP-Z0-9]{10}$/;

  it('the alphabet is A–Z and 0–9 without I and O (34 glyphs)', () => {
    expect(UID_ALPHABET).toHaveLength(34);
    expect(UID_ALPHABET).not.toMatch(/[IO]/);
    expect(new Set(UID_ALPHABET).size).toBe(34);
  });

  it('uidFromBytes never yields I or O and always gives 10 characters (every byte value)', () => {
    for (let start = 0; start < 256; start++) {
      const bytes = Uint8Array.from({ length: 24 }, (_, i) => (start + i * 7) % 256);
      const uid = uidFromBytes(bytes);
      expect(uid).toMatch(GENERATED);
      expect(isUid(uid)).toBe(true);
    }
  });

  it('uidFromBytes gives a valid UID for any random bytes it accepts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 40 }), (bytes) => {
        let uid: string;
        try {
          uid = uidFromBytes(bytes);
        } catch (e) {
          // Only refusal allowed: too few usable bytes (those ≥ 238 are skipped to stay uniform).
          expect((e as Error).message).toMatch(/not enough usable random bytes/);
          expect(bytes.filter((b) => b < 238).length).toBeLessThan(10);
          return;
        }
        expect(uid).toMatch(GENERATED);
      }),
    );
  });

  it('reaches every glyph of the alphabet', () => {
    const seen = new Set<string>();
    for (let b = 0; b <= 228; b += 10) for (const ch of uidFromBytes(Uint8Array.from({ length: 10 }, (_, i) => b + i))) seen.add(ch);
    expect([...seen].sort().join('')).toBe([...UID_ALPHABET].sort().join(''));
  });

  it('refuses fewer than 10 bytes', () => {
    expect(() => uidFromBytes(new Uint8Array(9))).toThrow(RangeError);
  });

  it('skips bytes ≥ 238 (keeps the draw uniform) and refuses when too few remain', () => {
    expect(uidFromBytes(Uint8Array.from([255, 238, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBe(UID_ALPHABET.slice(0, 10));
    expect(() => uidFromBytes(new Uint8Array(24).fill(250))).toThrow(/not enough usable/);
  });
});
