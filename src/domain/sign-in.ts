/**
 * Sign-in rules (issue 12, findings 5–8): who must sign in with a second factor, how long a
 * password must be (NIST SP 800-63B §3.1.1.2), how long sign-in pauses after repeated failures
 * (§3.2.2, rate limiting), and where a sign-in may send the browser afterwards. Pure: instants and
 * settings come in as arguments.
 */
import type { Role } from './levels.js';

/**
 * DoD users sign in with a second factor (issue 12, finding 6): administrators, contracting officers
 * and both kinds of assessor. Contractors are offered one and choose.
 */
export const SECOND_FACTOR_ROLES = ['ADMIN', 'CONTRACTING_OFFICER', 'C3PAO', 'DIBCAC'] as const satisfies readonly Role[];
export const needsSecondFactor = (role: Role): boolean => (SECOND_FACTOR_ROLES as readonly Role[]).includes(role);

/** How a session got past the password; DEMO = a seeded demo account while the install runs in demo mode. */
export const SECOND_FACTORS = ['PASSKEY', 'TOTP', 'RECOVERY_CODE', 'DEMO'] as const;
export type SecondFactor = (typeof SECOND_FACTORS)[number];

/** NIST SP 800-63B: at least 15 characters for a password used alone, 8 when a second factor backs it. */
export const PASSWORD_MIN_ALONE = 15;
export const PASSWORD_MIN_WITH_SECOND_FACTOR = 8;
/** The verifier must accept at least 64 characters; longer ones only cost hashing time. */
export const PASSWORD_MAX = 200;

export const passwordMinLength = (withSecondFactor: boolean): number => (withSecondFactor ? PASSWORD_MIN_WITH_SECOND_FACTOR : PASSWORD_MIN_ALONE);

/** Length as people count it: Unicode code points after NFKC (the form that is hashed), not UTF-16 units. */
export const passwordLength = (password: string): number => [...password.normalize('NFKC')].length;

export interface ThrottlePolicy {
  /** Failures allowed before sign-in pauses. */
  freeFailures: number;
  /** The first pause; each further failure doubles it. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** A count with no failure for this long starts again from zero. */
  forgetAfterSeconds: number;
}

/**
 * Per account: 10 failures, then 1, 2, 4… minutes (at most an hour) — well inside SP 800-63B's limit
 * of 100 consecutive failures, and enough for a person who mistypes. Per client address the count is
 * higher (an office shares one address) and is forgotten sooner.
 */
export const THROTTLE = {
  account: { freeFailures: 10, baseDelaySeconds: 60, maxDelaySeconds: 3600, forgetAfterSeconds: 24 * 3600 },
  address: { freeFailures: 30, baseDelaySeconds: 60, maxDelaySeconds: 3600, forgetAfterSeconds: 3600 },
} as const satisfies Record<string, ThrottlePolicy>;

/** The pause after the `failures`-th failure in a row, in seconds; null while failures are still free. */
export function pauseSeconds(policy: ThrottlePolicy, failures: number): number | null {
  if (failures < policy.freeFailures) return null;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.baseDelaySeconds * 2 ** doublings, policy.maxDelaySeconds);
}

/** Where a page goes when there is nowhere safe to return to. */
export const HOME_PATH = '/';

// C0 controls, DEL and C1 controls: browsers drop some of them from URLs (a tab or newline turns
// `/\t/evil.example` into `//evil.example`), and a header cannot carry a newline at all.
const CONTROL = /\p{Cc}/u;

function decodedOnce(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * The path a sign-in may return to: `next` resolved against our own origin, kept only when it is a
 * path of ours (issue 12, finding 8). Anything that could leave the site — a scheme, `//host`, a
 * backslash (browsers read `/\host` as `//host`), a control character, or any of those
 * percent-encoded — gives the home page, as do the sign-in pages themselves (no loop).
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next) return HOME_PATH;
  const decoded = decodedOnce(next);
  if (decoded === null) return HOME_PATH;
  for (const s of [next, decoded]) {
    if (CONTROL.test(s) || !s.startsWith('/') || s.startsWith('//') || s.includes('\\')) return HOME_PATH;
  }
  const origin = 'https://awardgate.invalid';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return HOME_PATH;
  }
  if (url.origin !== origin) return HOME_PATH;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.pathname === '/sign-in' || url.pathname.startsWith('/sign-in/') || url.pathname === '/sign-out') return HOME_PATH;
  return path;
}

// What the account pages show (services fill them in; views take them as plain data).

/** The second factors an account holds. */
export interface Factors {
  passkeys: number;
  totp: boolean;
  /** Recovery codes not used yet. */
  recoveryCodes: number;
}

/** An account as an administrator sees it (issue 10). */
export interface AccountDetail {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  companyCage: string | null;
  disabled: boolean;
  demo: boolean;
  mustChangePassword: boolean;
  /** No password: the account works through its API token only. */
  apiOnly: boolean;
  apiTokens: number;
  createdAt: string;
  needsSecondFactor: boolean;
  factors: Factors;
  passkeyNames: string[];
}

/** A signed-in user's own sign-in settings (the account page). */
export interface AccountSecurity {
  needsSecondFactor: boolean;
  hasPassword: boolean;
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  totp: boolean;
  recoveryCodes: number;
}
