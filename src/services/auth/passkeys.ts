/**
 * Passkeys and security keys (WebAuthn, with @simplewebauthn/server): the phishing-resistant second
 * factor (issue 12, finding 6). The relying party is this instance's public URL (PUBLIC_URL): its
 * host name is the RP ID and its origin the only origin accepted, so a look-alike site can neither
 * ask for nor replay a signature. Challenges are kept in the database (any instance may answer the
 * browser's reply) and spent on first use.
 *
 * @see https://www.w3.org/TR/webauthn-3/
 */
import { and, eq, gt } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { z } from 'zod';
import { authChallenges, passkeys, CHALLENGE_PURPOSES } from '../../../db/schema.js';
import type { Db } from '../../../db/client.js';
import type { ServiceContext } from '../context.js';

export interface RelyingParty {
  /** The host name of PUBLIC_URL. */
  id: string;
  /** The origin of PUBLIC_URL. */
  origin: string;
  name: string;
}

export const relyingParty = (publicUrl: string): RelyingParty => {
  const u = new URL(publicUrl);
  return { id: u.hostname, origin: u.origin, name: 'AwardGate' };
};

type Purpose = (typeof CHALLENGE_PURPOSES)[number];
const CHALLENGE_MS = 5 * 60_000;

/** What the browser posts back (its JSON, as a form field); the library checks the rest. */
const CredentialJson = z.object({
  id: z.string().min(1).max(1400),
  rawId: z.string().max(1400),
  type: z.literal('public-key'),
  response: z.record(z.string(), z.unknown()),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().max(40).optional(),
});

function credentialOf(posted: string): z.infer<typeof CredentialJson> | null {
  if (posted.length > 20_000) return null;
  try {
    const parsed = CredentialJson.safeParse(JSON.parse(posted));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function storeChallenge(ctx: ServiceContext, ownerHash: string, purpose: Purpose, challenge: string): Promise<void> {
  const expiresAt = new Date(ctx.clock.now().getTime() + CHALLENGE_MS).toISOString();
  await ctx.database.db
    .insert(authChallenges)
    .values({ ownerHash, purpose, challenge, expiresAt })
    .onConflictDoUpdate({ target: [authChallenges.ownerHash, authChallenges.purpose], set: { challenge, expiresAt } });
}

/** Takes the challenge out (it serves one reply only); null when none is current. */
async function takeChallenge(ctx: ServiceContext, ownerHash: string, purpose: Purpose): Promise<string | null> {
  const [row] = await ctx.database.db
    .delete(authChallenges)
    .where(and(eq(authChallenges.ownerHash, ownerHash), eq(authChallenges.purpose, purpose), gt(authChallenges.expiresAt, ctx.clock.now().toISOString())))
    .returning({ challenge: authChallenges.challenge });
  return row?.challenge ?? null;
}

const transportsOf = (json: string | null): AuthenticatorTransport[] | undefined => (json ? (JSON.parse(json) as AuthenticatorTransport[]) : undefined);

/** A stable, opaque user handle for the authenticator (no e-mail or name in it). */
const userHandle = (userId: number): Uint8Array<ArrayBuffer> => new TextEncoder().encode(`awardgate-user-${userId}`) as Uint8Array<ArrayBuffer>;

/**
 * The posted credential with what its signature must answer: our challenge (spent here, whatever
 * the outcome, so it answers once), this origin and relying party. Null when either is missing.
 */
async function answerTo(ctx: ServiceContext, rp: RelyingParty, ownerHash: string, purpose: Purpose, posted: string) {
  const credential = credentialOf(posted);
  const challenge = await takeChallenge(ctx, ownerHash, purpose);
  if (!credential || !challenge) return null;
  return { credential, expected: { expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: false } };
}

export async function passkeyRegistrationOptions(
  ctx: ServiceContext,
  rp: RelyingParty,
  user: { id: number; email: string; name: string | null },
  ownerHash: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const held = await ctx.database.db.select({ id: passkeys.id, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, user.id));
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    userID: userHandle(user.id),
    attestationType: 'none',
    excludeCredentials: held.map((p) => ({ id: p.id, transports: transportsOf(p.transports) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    timeout: CHALLENGE_MS,
  });
  await storeChallenge(ctx, ownerHash, 'PASSKEY_REGISTRATION', options.challenge);
  return options;
}

export type NewPasskey = typeof passkeys.$inferInsert;

/**
 * Verifies the browser's new credential against our challenge; returns the row to store (the caller
 * writes it in its own transaction), or null when it does not answer the challenge.
 */
export async function verifyNewPasskey(ctx: ServiceContext, rp: RelyingParty, userId: number, ownerHash: string, posted: string, name: string): Promise<NewPasskey | null> {
  const answer = await answerTo(ctx, rp, ownerHash, 'PASSKEY_REGISTRATION', posted);
  if (!answer) return null;
  const verified = await verifyRegistrationResponse({ response: answer.credential as unknown as RegistrationResponseJSON, ...answer.expected }).catch(() => null);
  if (!verified?.verified) return null;
  const c = verified.registrationInfo.credential;
  return {
    id: c.id,
    userId,
    publicKey: isoBase64URL.fromBuffer(c.publicKey),
    counter: c.counter,
    transports: c.transports?.length ? JSON.stringify(c.transports) : null,
    name,
    createdAt: ctx.clock.now().toISOString(),
  };
}

export async function passkeyAuthenticationOptions(ctx: ServiceContext, rp: RelyingParty, userId: number, ownerHash: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const held = await ctx.database.db.select({ id: passkeys.id, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, userId));
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: held.map((p) => ({ id: p.id, transports: transportsOf(p.transports) })),
    userVerification: 'preferred',
    timeout: CHALLENGE_MS,
  });
  await storeChallenge(ctx, ownerHash, 'PASSKEY_AUTHENTICATION', options.challenge);
  return options;
}

/** Verifies a signature by one of the account's passkeys over our challenge. */
export async function checkPasskey(ctx: ServiceContext, rp: RelyingParty, userId: number, ownerHash: string, posted: string): Promise<boolean> {
  const answer = await answerTo(ctx, rp, ownerHash, 'PASSKEY_AUTHENTICATION', posted);
  if (!answer) return false;
  const { db } = ctx.database;
  const [key] = await db.select().from(passkeys).where(and(eq(passkeys.id, answer.credential.id), eq(passkeys.userId, userId)));
  if (!key) return false;
  const verified = await verifyAuthenticationResponse({
    response: answer.credential as unknown as AuthenticationResponseJSON,
    ...answer.expected,
    credential: { id: key.id, publicKey: isoBase64URL.toBuffer(key.publicKey), counter: key.counter, transports: transportsOf(key.transports) },
  }).catch(() => null);
  if (!verified?.verified) return false;
  await db
    .update(passkeys)
    .set({ counter: verified.authenticationInfo.newCounter, lastUsedAt: ctx.clock.now().toISOString() })
    .where(eq(passkeys.id, key.id));
  return true;
}

export async function listPasskeys(db: Db, userId: number) {
  return db
    .select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(passkeys.createdAt);
}
