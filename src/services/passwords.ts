/**
 * Password hashing with scrypt (memory-hard; Node's crypto, no native add-on), and the rules a new
 * password must meet (NIST SP 800-63B: length, and not guessable, checked with zxcvbn-ts).
 * Format: `scrypt$N$r$p$saltB64$hashB64`. N = 2^15, r = 8: 32 MiB per hash. Verifying reads N, r and p
 * from the stored hash, so a hash made at another cost still verifies.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Match, ZxcvbnFactory } from '@zxcvbn-ts/core';
import { PASSWORD_MAX, PASSWORD_MIN_ALONE, PASSWORD_MIN_WITH_SECOND_FACTOR, passwordLength, passwordMinLength } from '../domain/sign-in.js';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((ok, fail) => scryptCb(pw, salt, len, opts, (err, key) => (err ? fail(err) : ok(key))));

/**
 * The server always hashes at this cost (it has no setting to lower it). Tests hand the app a lower
 * N through ServiceContext.passwordHashN: the suite hashes thousands of passwords, and the cost is a
 * property of the stored hash, not of the code that checks it (docs/decisions/0014-test-password-cost.md).
 */
export const PASSWORD_HASH_N = 2 ** 15;
const R = 8;
const P = 1;
const MAXMEM = 64 * 1024 * 1024;

export async function hashPassword(password: string, N = PASSWORD_HASH_N): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, 32, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A hash no password matches, at cost N: an unknown e-mail then costs the same scrypt time as a wrong password. */
export const unmatchableHash = (N = PASSWORD_HASH_N) => `scrypt$${N}$${R}$${P}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [tag, n, r, p, saltB64, keyB64] = stored.split('$');
  if (tag !== 'scrypt') return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return timingSafeEqual(key, expected);
}

// ---- choosing a password (NIST SP 800-63B §3.1.1.2) ----

let estimator: Promise<ZxcvbnFactory> | null = null;
/**
 * Loaded on first use: the password lists take about a second to load, which neither start-up nor a
 * process that never sets a password need pay. @zxcvbn-ts/language-common holds the common-password
 * lists, the diceware words and the keyboard layouts.
 */
function strength(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  );
  return estimator;
}

/** zxcvbn's 0–4 score: 3 means "safely unguessable: moderate protection from offline slow-hash scenario". */
const MIN_SCORE = 3;

/** Why a weak password is guessable, in the users' words, from the weakest pattern zxcvbn found. */
function guessableBecause(sequence: Match[]): string {
  const has = (p: string, where?: (m: Match) => boolean) => sequence.some((m) => m.pattern === p && (!where || where(m)));
  if (has('dictionary', (m) => m.dictionaryName === 'userInputs')) return 'it contains your e-mail address or name';
  if (has('repeat')) return 'it repeats the same characters or words';
  if (has('dictionary', (m) => String(m.dictionaryName).startsWith('passwords'))) return 'it is one of the most commonly used passwords, or close to one';
  if (has('sequence')) return 'it is a run of characters like 12345 or abcde';
  if (has('spatial')) return 'it is a row of keys like qwerty';
  if (has('date')) return 'it is mostly a date';
  return 'it is made of common words or patterns';
}

export interface PasswordContext {
  /** A second factor will back this password (allows 8 characters instead of 15). */
  withSecondFactor: boolean;
  /** The account's e-mail and name: a password built from them is refused. */
  userInputs: (string | null | undefined)[];
}

/** The password rules as the forms show them (they stay visible after an error). */
export const passwordRules = (withSecondFactor: boolean): string =>
  `At least ${passwordMinLength(withSecondFactor)} characters${withSecondFactor ? ' (this account signs in with a second factor)' : ''}; a phrase of several unrelated words works well. Common passwords, repeated characters and keyboard runs are refused.`;

/** The rules for an account an administrator creates (its role decides which minimum applies). */
export const NEW_ACCOUNT_PASSWORD_RULES = `At least ${PASSWORD_MIN_ALONE} characters, or ${PASSWORD_MIN_WITH_SECOND_FACTOR} for administrators, contracting officers and assessors (they sign in with a second factor); common passwords, repeated characters and keyboard runs are refused.`;

/**
 * Why this password may not be chosen, naming the field, or null when it may. A length below the
 * minimum, or a password zxcvbn-ts finds guessable (its lists of common passwords, words and names,
 * repeats, sequences, keyboard patterns, dates, and the account's own e-mail and name).
 */
export async function passwordProblem(password: string, context: PasswordContext): Promise<string | null> {
  const min = passwordMinLength(context.withSecondFactor);
  const length = passwordLength(password);
  if (length < min) return `Password must be at least ${min} characters (it has ${length})`;
  if (length > PASSWORD_MAX) return `Password must be at most ${PASSWORD_MAX} characters`;
  const inputs = context.userInputs.flatMap((s) => (s ? [s, ...s.split(/[@.\s_-]+/).filter((w) => w.length >= 3)] : []));
  const result = (await strength()).check(password.normalize('NFKC'), [...inputs, 'awardgate']);
  if (result.score < MIN_SCORE) return `Password is too easy to guess: ${guessableBecause(result.sequence)}. Choose a longer phrase of unrelated words`;
  return null;
}
