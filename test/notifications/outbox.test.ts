/**
 * What administrators see (issue 11): without SMTP_URL the messages wait in the outbox, readable in
 * full; a message the relay rejected is marked failed and can be resent. And the inbox each user
 * reads in the app.
 */
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/services/errors.js';
import { listInbox, markRead, unreadCount } from '../../src/services/notifications/inbox.js';
import { deliverOutbox, getOutboxEntry, listOutbox, resendMessage } from '../../src/services/notifications/outbox.js';
import { runDailyPass } from '../../src/services/notifications/pass.js';
import { AL, ANN, OFFICIAL, remindersAndSmtpPerTest, settingsFor, type RemindersEnv } from './fixtures.js';
import type { TestSmtp } from './smtp.js';

let t: RemindersEnv;
let smtp: TestSmtp;
remindersAndSmtpPerTest((env, server) => {
  [t, smtp] = [env, server];
});

describe('issue 11: the outbox, for administrators', () => {
  it('keeps every message in the outbox when no relay is set, readable by administrators only', async () => {
    const settings = settingsFor(null);
    expect(await runDailyPass(t.on('2026-12-31'), settings)).toEqual({ date: '2026-12-31', created: 3, sent: 0, failed: 0 });
    const { entries, total, counts } = await listOutbox(t.on('2026-12-31'), t.actors.admin, settings);
    expect(counts).toEqual({ PENDING: 3, SENT: 0, FAILED: 0 });
    expect(total).toBe(3);
    expect(entries.map((e) => e.toAddress).sort()).toEqual([AL, ANN, OFFICIAL]);
    const one = await getOutboxEntry(t.on('2026-12-31'), t.actors.admin, settings, entries[0].id);
    expect(one.message.title).toBe('Affirmation due in 60 days: UID AFFA000001 (Company 1AAA1)');
    expect(one.message.text).toContain('Re-affirm: https://awardgate.test/company/affirmations');
    expect(one.reminder).toMatchObject({ kind: 'AFFIRMATION_DUE', subject: 'AFFA000001', deadline: '2027-03-01', daysBefore: 60, companyName: 'Company 1AAA1' });
    for (const who of [t.actors.ann, t.actors.officer]) await expect(listOutbox(t.on('2026-12-31'), who, settings)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(smtp.received).toHaveLength(0);
    // Once a relay is configured, the waiting messages go out.
    expect(await deliverOutbox(t.on('2026-12-31'), settingsFor(smtp.url))).toEqual({ sent: 3, failed: 0 });
  });

  it('marks a message the relay rejects (5xx) failed at once, and resends it with its Message-ID when an administrator asks', async () => {
    const settings = settingsFor(smtp.url);
    smtp.refuse(3, 550);
    expect(await runDailyPass(t.on('2026-12-31'), settings)).toMatchObject({ created: 3, sent: 0, failed: 3 });
    const { entries, counts } = await listOutbox(t.on('2026-12-31'), t.actors.admin, settings, { state: 'FAILED' });
    expect(counts).toEqual({ PENDING: 0, SENT: 0, FAILED: 3 });
    expect(entries[0]).toMatchObject({ state: 'FAILED', attempts: 1 });
    expect(entries[0].lastError).toContain('550');
    await expect(resendMessage(t.on('2026-12-31'), t.actors.ann, settings, entries[0].id)).rejects.toMatchObject({ kind: 'forbidden' });
    const again = await resendMessage(t.on('2026-12-31'), t.actors.admin, settings, entries[0].id);
    expect(again).toMatchObject({ state: 'PENDING', attempts: 0 });
    expect(await deliverOutbox(t.on('2026-12-31'), settings)).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received.map((m) => m.messageId)).toEqual([entries[0].messageId]);
    const resent = await resendMessage(t.on('2026-12-31'), t.actors.admin, settings, entries[0].id).catch((e) => e);
    expect(resent).toBeInstanceOf(ServiceError);
    expect(resent.message).toBe('Only a failed message can be resent; this one is sent');
    await expect(resendMessage(t.on('2026-12-31'), t.actors.admin, settings, 999_999)).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('issue 11: the in-app inbox', () => {
  it("shows a user's own reminders, newest first, linking to where the user acts, until marked read", async () => {
    const settings = settingsFor(null);
    await runDailyPass(t.on('2026-12-03'), settings);
    await runDailyPass(t.on('2026-12-31'), settings);
    const inbox = await listInbox(t.on('2026-12-31'), t.actors.ann, settings);
    expect(inbox).toMatchObject({ total: 2, unread: 2 });
    expect(inbox.items.map((i) => [i.createdOn, i.title, i.path, i.read])).toEqual([
      ['2026-12-31', 'Affirmation due in 60 days: UID AFFA000001 (Company 1AAA1)', '/company/affirmations', false],
      ['2026-12-03', 'Affirmation due in 60 days: UID SHRD000001 (Company 1AAA1)', '/company/affirmations', false],
    ]);
    expect((await listInbox(t.on('2026-12-31'), t.actors.ann, settings, { limit: 1, offset: 1 })).items.map((i) => i.subject)).toEqual(['SHRD000001']);
    // Someone else's ids change nothing.
    expect(await markRead(t.on('2026-12-31'), t.actors.bea, inbox.items.map((i) => i.id))).toBe(0);
    expect(await markRead(t.on('2026-12-31'), t.actors.ann, [inbox.items[1].id])).toBe(1);
    expect(await unreadCount(t.on('2026-12-31'), t.actors.ann)).toBe(1);
    expect((await listInbox(t.on('2026-12-31'), t.actors.ann, settings, { unreadOnly: true })).items.map((i) => i.subject)).toEqual(['AFFA000001']);
    expect(await markRead(t.on('2026-12-31'), t.actors.ann, 'all')).toBe(1);
    expect(await unreadCount(t.on('2026-12-31'), t.actors.ann)).toBe(0);
    expect(await unreadCount(t.on('2026-12-31'), t.actors.al)).toBe(2);
  });
});
