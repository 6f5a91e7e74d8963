/**
 * Sign-in hardening (issue 12, findings 5 and 6): second factors (passkeys, TOTP with one-time
 * recovery codes), the sign-ins waiting for one, WebAuthn challenges, and the failure counts that
 * pause sign-in. All of it lives in the database, never in memory, because several instances share
 * one database (README "Scale-out") and a pause or a challenge must hold on every one of them.
 * @see ../../src/services/auth/sign-in.ts
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { idOf, serialId } from './columns.js';
import { SECOND_FACTORS } from '../../src/domain/sign-in.js';
import { users } from './core.js';

/** WebAuthn credentials (passkeys and security keys), one row per credential. */
export const passkeys = sqliteTable(
  'passkeys',
  {
    /** The credential ID, base64url, as the authenticator reports it. */
    id: text().primaryKey(),
    userId: idOf(() => users.id),
    /** COSE public key, base64url. */
    publicKey: text().notNull(),
    /** The signature counter last seen (0 for authenticators that do not count). */
    counter: integer().notNull().default(0),
    /** JSON array of transports the browser reported (usb, internal, hybrid…), passed back as hints. */
    transports: text(),
    /** What the user called it ("Work laptop"). */
    name: text().notNull(),
    createdAt: text().notNull(),
    lastUsedAt: text(),
  },
  (t) => [index('passkeys_user_idx').on(t.userId)],
);

/**
 * An authenticator-app secret (RFC 6238). `confirmedAt` stays null until the user proved the app
 * produces codes; `lastTimeStep` is the 30-second step of the last code accepted, so a code is
 * never accepted twice (RFC 6238 §5.2).
 */
export const totpSecrets = sqliteTable('totp_secrets', {
  userId: integer().primaryKey().references(() => users.id),
  /** Base32, as the authenticator app is given it. */
  secret: text().notNull(),
  confirmedAt: text(),
  lastTimeStep: integer(),
  createdAt: text().notNull(),
});

/** One-time recovery codes: only their SHA-256 is kept; each is spent once (`usedAt`). */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: serialId(),
    userId: idOf(() => users.id),
    codeHash: text().notNull(),
    usedAt: text(),
    createdAt: text().notNull(),
  },
  (t) => [uniqueIndex('recovery_codes_user_hash_idx').on(t.userId, t.codeHash)],
);

/**
 * A sign-in whose password was right but which still needs a step (second factor, a new password
 * after an administrator's reset, or enrolling a first second factor). It is not a session: no page
 * but the sign-in steps accepts its cookie.
 */
export const pendingSignIns = sqliteTable(
  'pending_sign_ins',
  {
    /** SHA-256 of the random id in the browser's cookie. */
    idHash: text().primaryKey(),
    userId: idOf(() => users.id),
    csrfToken: text().notNull(),
    /** Where to go once signed in (already checked to be one of our paths). */
    next: text().notNull(),
    /** The second factor that was verified in this sign-in, if any yet. */
    secondFactor: text({ enum: SECOND_FACTORS }),
    createdAt: text().notNull(),
    expiresAt: text().notNull(),
  },
  (t) => [index('pending_sign_ins_user_idx').on(t.userId)],
);

export const CHALLENGE_PURPOSES = ['PASSKEY_REGISTRATION', 'PASSKEY_AUTHENTICATION'] as const;

/** WebAuthn challenges, held server-side for the sign-in or session that asked (one per purpose), spent on use. */
export const authChallenges = sqliteTable(
  'auth_challenges',
  {
    /** The id hash of the pending sign-in or session the challenge was issued to. */
    ownerHash: text().notNull(),
    purpose: text({ enum: CHALLENGE_PURPOSES }).notNull(),
    challenge: text().notNull(),
    expiresAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerHash, t.purpose] })],
);

/**
 * Failed sign-ins per account (`account:<email>`, also for e-mails with no account, so a pause says
 * nothing about whether one exists) and per client address (`address:<ip>`).
 */
export const signInThrottle = sqliteTable(
  'sign_in_throttle',
  {
    key: text().primaryKey(),
    failures: integer().notNull(),
    lastFailureAt: text().notNull(),
    /** Sign-in is paused for this key until this instant. */
    pausedUntil: text(),
  },
  (t) => [index('sign_in_throttle_last_failure_idx').on(t.lastFailureAt)],
);

export type PasskeyRow = typeof passkeys.$inferSelect;
export type PendingSignInRow = typeof pendingSignIns.$inferSelect;
