/** Which second factors an account holds (the sign-in steps, the account page and the administrators' page read this). */
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { passkeys, pendingSignIns, recoveryCodes, totpSecrets } from '../../../db/schema.js';
import type { Db } from '../../../db/client.js';
import type { Factors } from '../../domain/sign-in.js';
import { removeTotp } from './totp.js';
import { unusedRecoveryCodes } from './recovery-codes.js';

export async function factorsOf(db: Db, userId: number): Promise<Factors> {
  const [{ n }] = await db.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId));
  const [totp] = await db.select({ userId: totpSecrets.userId }).from(totpSecrets).where(and(eq(totpSecrets.userId, userId), isNotNull(totpSecrets.confirmedAt)));
  return { passkeys: n, totp: !!totp, recoveryCodes: await unusedRecoveryCodes(db, userId) };
}

/** Recovery codes alone are a way back in, not a second factor to enrol. */
export const holdsSecondFactor = (f: Factors): boolean => f.passkeys > 0 || f.totp;

/** Removes every second factor of an account and the sign-ins waiting on one (an administrator's reset). */
export async function removeAllFactors(tx: Pick<Db, 'delete'>, userId: number): Promise<void> {
  await tx.delete(passkeys).where(eq(passkeys.userId, userId));
  await removeTotp(tx, userId);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.delete(pendingSignIns).where(eq(pendingSignIns.userId, userId));
}
