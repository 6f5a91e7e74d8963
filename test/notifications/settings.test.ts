/** The reminder settings (issue 11), parsed once by zod like every server setting. */
import { describe, expect, it } from 'vitest';
import { loadConfig, reminderSettings } from '../../src/config.js';

describe('issue 11: reminder settings', () => {
  it('runs at 06:00 with messages kept in the outbox and links to this server when nothing is set', () => {
    const config = loadConfig({ PORT: '8080' });
    expect(config.NOTIFY_AT).toBe('06:00');
    expect(reminderSettings(config)).toEqual({ publicUrl: 'http://localhost:8080', mailFrom: 'AwardGate <reminders@awardgate.invalid>', smtpUrl: null });
  });

  it('takes a relay, a sender and the public address', () => {
    const config = loadConfig({ NOTIFY_AT: '07:30', SMTP_URL: 'smtps://user:secret@mail.agency.example:465', MAIL_FROM: 'SPRS reminders <sprs@agency.example>', PUBLIC_URL: 'https://awardgate.agency.example/' });
    expect(config.NOTIFY_AT).toBe('07:30');
    expect(reminderSettings(config)).toEqual({ publicUrl: 'https://awardgate.agency.example', mailFrom: 'SPRS reminders <sprs@agency.example>', smtpUrl: 'smtps://user:secret@mail.agency.example:465' });
  });

  it('names each bad setting', () => {
    expect(() => loadConfig({ NOTIFY_AT: '7:30', SMTP_URL: 'mail.agency.example', MAIL_FROM: 'nobody', PUBLIC_URL: 'awardgate' })).toThrow(
      [
        'invalid configuration:',
        '  NOTIFY_AT: NOTIFY_AT must be a time of day, HH:MM (24-hour)',
        '  SMTP_URL: SMTP_URL must be an smtp:// or smtps:// URL',
        '  MAIL_FROM: MAIL_FROM must be an e-mail address, optionally as "Name <address>"',
        '  PUBLIC_URL: PUBLIC_URL must be an http:// or https:// URL',
      ].join('\n'),
    );
  });
});
