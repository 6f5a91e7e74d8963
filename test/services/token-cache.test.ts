/** The short-lived bearer-token cache (decision 0015): a change made through this instance takes effect at once. */
import { describe, expect, it } from 'vitest';
import { apiTokens } from '../../db/schema.js';
import { fixedClock } from '../../src/clock.js';
import { setAccountDisabled, updateAccount } from '../../src/services/users-lifecycle.js';
import { actorForApiToken, createUser, hashToken } from '../../src/services/users.js';
import { ADMIN_TOKEN, ownEnv, TODAY } from '../helpers.js';

describe('bearer-token cache', () => {
  it('forgets a disabled account at once, and sees it again once enabled', async () => {
    const env = await ownEnv();
    const ctx = { database: env.database, clock: fixedClock(TODAY) };
    const admin = (await actorForApiToken(env.database.db, ADMIN_TOKEN))!;
    const officer = await createUser(ctx, admin, { email: 'co@example.gov', role: 'CONTRACTING_OFFICER' });
    expect(await actorForApiToken(env.database.db, officer.apiToken)).toMatchObject({ email: 'co@example.gov', role: 'CONTRACTING_OFFICER' });
    await setAccountDisabled(ctx, admin, officer.id, true);
    expect(await actorForApiToken(env.database.db, officer.apiToken)).toBeNull();
    await setAccountDisabled(ctx, admin, officer.id, false);
    expect(await actorForApiToken(env.database.db, officer.apiToken)).toMatchObject({ email: 'co@example.gov' });
    expect((await env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', uids: ['A1B2C3D4E5'] }, officer.apiToken)).status).toBe(200);
    await setAccountDisabled(ctx, admin, officer.id, true);
    expect((await env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', uids: ['A1B2C3D4E5'] }, officer.apiToken)).status).toBe(401);
  });

  it('takes a new role at once', async () => {
    const env = await ownEnv();
    const ctx = { database: env.database, clock: fixedClock(TODAY) };
    const admin = (await actorForApiToken(env.database.db, ADMIN_TOKEN))!;
    const user = await createUser(ctx, admin, { email: 'dibcac@example.gov', role: 'DIBCAC' });
    expect((await actorForApiToken(env.database.db, user.apiToken))?.role).toBe('DIBCAC');
    await updateAccount(ctx, admin, user.id, { role: 'CONTRACTING_OFFICER', companyCage: null, name: null });
    expect((await actorForApiToken(env.database.db, user.apiToken))?.role).toBe('CONTRACTING_OFFICER');
  });

  it('never caches an unknown token: one written afterwards works at once', async () => {
    const env = await ownEnv();
    const admin = (await actorForApiToken(env.database.db, ADMIN_TOKEN))!;
    expect(await actorForApiToken(env.database.db, 'ag_later')).toBeNull();
    await env.database.db.insert(apiTokens).values({ userId: admin.id, tokenHash: hashToken('ag_later'), label: 'later', createdAt: `${TODAY}T12:00:00.000Z` });
    expect(await actorForApiToken(env.database.db, 'ag_later')).toMatchObject({ id: admin.id });
  });
});
