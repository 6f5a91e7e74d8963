import { describe, expect, it } from 'vitest';
import { needsSecondFactor, passwordLength, passwordMinLength, pauseSeconds, safeNextPath, THROTTLE } from './sign-in.js';

describe('where a sign-in may return to (issue 12, finding 8)', () => {
  it.each([
    ['/%09/evil.example', 'a tab, percent-encoded'],
    ['/\t/evil.example', 'a tab, as the query parser hands it over'],
    ['/\n/evil.example', 'a newline'],
    ['/\r\nSet-Cookie: a=b', 'a header injection'],
    ['//evil.example', 'a scheme-relative URL'],
    ['/\\evil.example', 'a backslash'],
    ['/%5Cevil.example', 'a backslash, percent-encoded'],
    ['https://evil.example/', 'an absolute URL'],
    ['javascript:alert(1)', 'a script URL'],
    ['/%2F%2Fevil.example', 'slashes, percent-encoded'],
    ['%2F%2Fevil.example', 'an encoded scheme-relative URL'],
    ['evil.example', 'a relative path'],
    ['/%E0%A4%A', 'a malformed escape'],
    ['/\u0085evil', 'a C1 control character'],
    ['/sign-in/verify', 'a sign-in step (no loop)'],
    ['/sign-out', 'sign-out'],
  ])('sends %j (%s) home', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('keeps a path of ours with its query and fragment', () => {
    expect(safeNextPath('/uids?uid=ABC123DEF4#history')).toBe('/uids?uid=ABC123DEF4#history');
    expect(safeNextPath('/officer/contracts/12')).toBe('/officer/contracts/12');
  });

  it('goes home when there is no next', () => {
    expect(safeNextPath(undefined)).toBe('/');
    expect(safeNextPath('')).toBe('/');
  });
});

describe('sign-in pauses (NIST SP 800-63B rate limiting)', () => {
  it('lets an account fail 9 times, pauses 1 minute at the 10th failure and doubles each further failure, up to an hour', () => {
    expect(pauseSeconds(THROTTLE.account, 9)).toBeNull();
    expect(pauseSeconds(THROTTLE.account, 10)).toBe(60);
    expect(pauseSeconds(THROTTLE.account, 11)).toBe(120);
    expect(pauseSeconds(THROTTLE.account, 12)).toBe(240);
    expect(pauseSeconds(THROTTLE.account, 16)).toBe(3600);
    expect(pauseSeconds(THROTTLE.account, 100)).toBe(3600);
  });

  it('lets a client address fail 29 times before pausing it', () => {
    expect(pauseSeconds(THROTTLE.address, 29)).toBeNull();
    expect(pauseSeconds(THROTTLE.address, 30)).toBe(60);
  });
});

describe('passwords (NIST SP 800-63B §3.1.1.2)', () => {
  it('needs 15 characters alone and 8 with a second factor', () => {
    expect(passwordMinLength(false)).toBe(15);
    expect(passwordMinLength(true)).toBe(8);
  });

  it('counts characters as people do (code points), not UTF-16 units', () => {
    expect(passwordLength('😀😀😀')).toBe(3);
    expect(passwordLength('ﬁ')).toBe(2); // NFKC: the ligature is two letters, as hashed
  });

  it('asks administrators, contracting officers and both assessors for a second factor, and offers it to contractors', () => {
    expect(needsSecondFactor('ADMIN')).toBe(true);
    expect(needsSecondFactor('CONTRACTING_OFFICER')).toBe(true);
    expect(needsSecondFactor('C3PAO')).toBe(true);
    expect(needsSecondFactor('DIBCAC')).toBe(true);
    expect(needsSecondFactor('CONTRACTOR')).toBe(false);
  });
});
