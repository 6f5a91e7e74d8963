/**
 * The keys that sign status attestations: one active Ed25519 key (kid = RFC 7638 thumbprint), in
 * `signing_keys` (created on first use) or, when SIGNING_KEY_FILE is set, in that file (a private
 * JWK or a PKCS#8 PEM; only its public JWK is stored). Rotation retires the active key but keeps its
 * public JWK, so tokens it signed keep verifying until they expire (/.well-known/jwks.json).
 */
import { readFile } from 'node:fs/promises';
import { and, eq, isNull } from 'drizzle-orm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8, type CryptoKey, type JWK } from 'jose';
import { signingKeys, type SigningKeyRow } from '../../db/schema.js';
import { requireReach, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { conflict } from './errors.js';

export const ATTESTATION_ALG = 'EdDSA';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

const publicPart = (jwk: JWK): JWK => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
const published = (jwk: JWK, kid: string): JWK => ({ ...publicPart(jwk), kid, alg: ATTESTATION_ALG, use: 'sig' });

interface FileKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** Reads SIGNING_KEY_FILE: a private Ed25519 JWK (JSON) or a PKCS#8 PEM. Read on use, so replacing the file rotates. */
async function readKeyFile(path: string): Promise<FileKey> {
  const text = (await readFile(path, 'utf8')).trim();
  let privateKey: CryptoKey;
  let jwk: JWK;
  if (text.startsWith('{')) {
    jwk = JSON.parse(text) as JWK;
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d) throw new Error(`SIGNING_KEY_FILE ${path}: expected a private Ed25519 JWK (kty OKP, crv Ed25519, d)`);
    privateKey = (await importJWK(jwk, ATTESTATION_ALG)) as CryptoKey;
  } else {
    privateKey = await importPKCS8(text, ATTESTATION_ALG, { extractable: true });
    jwk = await exportJWK(privateKey);
  }
  const publicJwk = publicPart(jwk);
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  return { kid, privateKey, publicJwk };
}

async function activeRow(ctx: ServiceContext): Promise<SigningKeyRow | undefined> {
  const [row] = await ctx.database.db
    .select()
    .from(signingKeys)
    .where(and(eq(signingKeys.alg, ATTESTATION_ALG), isNull(signingKeys.retiredAt)));
  return row;
}

const isUniqueViolation = (e: unknown) => /UNIQUE constraint failed/i.test(String((e as { message?: string })?.message ?? e) + String((e as { cause?: unknown })?.cause ?? ''));

async function newDatabaseKey(): Promise<{ kid: string; publicJwk: JWK; privateJwk: JWK }> {
  const pair = await generateKeyPair(ATTESTATION_ALG, { crv: 'Ed25519', extractable: true });
  const privateJwk = await exportJWK(pair.privateKey);
  const publicJwk = publicPart(await exportJWK(pair.publicKey));
  return { kid: await calculateJwkThumbprint(publicJwk), publicJwk, privateJwk };
}

/** The key that signs now: created on first use (database), or the key file's (rotating the stored row when the file changed). */
export async function activeSigningKey(ctx: ServiceContext): Promise<SigningKey> {
  const { db } = ctx.database;
  const at = ctx.clock.now().toISOString();
  if (ctx.signingKeyFile) {
    const file = await readKeyFile(ctx.signingKeyFile);
    const active = await activeRow(ctx);
    if (active?.kid !== file.kid) {
      await db.transaction(async (tx) => {
        if (active) await tx.update(signingKeys).set({ retiredAt: at }).where(eq(signingKeys.kid, active.kid));
        const [known] = await tx.select({ kid: signingKeys.kid }).from(signingKeys).where(eq(signingKeys.kid, file.kid));
        if (known) await tx.update(signingKeys).set({ retiredAt: null }).where(eq(signingKeys.kid, file.kid));
        else
          await tx.insert(signingKeys).values({ kid: file.kid, alg: ATTESTATION_ALG, publicJwk: JSON.stringify(file.publicJwk), privateJwk: null, source: 'FILE', createdAt: at });
        await appendAudit(tx, ctx.clock.now(), [{ userId: null, action: 'signing_key.activate_file', entity: 'signing_key', entityId: file.kid, detail: { retired: active?.kid ?? null } }]);
      });
    }
    return { kid: file.kid, privateKey: file.privateKey };
  }
  let row = await activeRow(ctx);
  if (row && row.source === 'FILE') {
    // The key file was removed from the configuration: its public key stays for verification.
    await db.update(signingKeys).set({ retiredAt: at }).where(eq(signingKeys.kid, row.kid));
    row = undefined;
  }
  if (!row) {
    const key = await newDatabaseKey();
    try {
      await db.transaction(async (tx) => {
        await tx.insert(signingKeys).values({ kid: key.kid, alg: ATTESTATION_ALG, publicJwk: JSON.stringify(key.publicJwk), privateJwk: JSON.stringify(key.privateJwk), source: 'DATABASE', createdAt: at });
        await appendAudit(tx, ctx.clock.now(), [{ userId: null, action: 'signing_key.create', entity: 'signing_key', entityId: key.kid }]);
      });
    } catch (e) {
      // Another request created the first key at the same moment (one active key: unique index).
      if (!isUniqueViolation(e)) throw e;
    }
    row = await activeRow(ctx);
    if (!row) throw new Error('no active signing key after creating one');
  }
  return { kid: row.kid, privateKey: (await importJWK(JSON.parse(row.privateJwk!) as JWK, ATTESTATION_ALG)) as CryptoKey };
}

/**
 * Retires the active key and makes a new one (administrator). The retired key stays in the JWKS,
 * so attestations it signed verify until they expire. With SIGNING_KEY_FILE, replace the file instead.
 */
export async function rotateSigningKey(ctx: ServiceContext, actor: Actor): Promise<{ kid: string; retired: string | null }> {
  requireReach(actor, 'signing-key.rotate', 'Only administrators rotate the signing key');
  if (ctx.signingKeyFile) throw conflict('The signing key comes from SIGNING_KEY_FILE: rotate it by replacing that file');
  const key = await newDatabaseKey();
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const [active] = await tx.select().from(signingKeys).where(and(eq(signingKeys.alg, ATTESTATION_ALG), isNull(signingKeys.retiredAt)));
    if (active) await tx.update(signingKeys).set({ retiredAt: now.toISOString() }).where(eq(signingKeys.kid, active.kid));
    await tx.insert(signingKeys).values({ kid: key.kid, alg: ATTESTATION_ALG, publicJwk: JSON.stringify(key.publicJwk), privateJwk: JSON.stringify(key.privateJwk), source: 'DATABASE', createdAt: now.toISOString() });
    await appendAudit(tx, now, [{ userId: actor.id, action: 'signing_key.rotate', entity: 'signing_key', entityId: key.kid, detail: { retired: active?.kid ?? null } }]);
    return { kid: key.kid, retired: active?.kid ?? null };
  });
}

/** Every public key that may have signed a still-verifiable token: active and retired, stored and from the key file. */
export async function publicKeys(ctx: ServiceContext): Promise<{ jwk: JWK; retired: boolean }[]> {
  const rows = await ctx.database.db.select().from(signingKeys).orderBy(signingKeys.createdAt);
  const out = rows.map((r) => ({ jwk: published(JSON.parse(r.publicJwk) as JWK, r.kid), retired: r.retiredAt !== null }));
  if (ctx.signingKeyFile) {
    const file = await readKeyFile(ctx.signingKeyFile);
    if (!out.some((k) => k.jwk.kid === file.kid)) out.push({ jwk: published(file.publicJwk, file.kid), retired: false });
  }
  return out;
}

/** GET /.well-known/jwks.json: the public keys, so a prime can verify offline. */
export async function jwks(ctx: ServiceContext): Promise<{ keys: JWK[] }> {
  return { keys: (await publicKeys(ctx)).map((k) => k.jwk) };
}
