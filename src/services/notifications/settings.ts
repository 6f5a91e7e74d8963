/**
 * What the reminder services need from the server settings (src/config.ts parses them; server.ts
 * hands them in). Nothing here reads the environment.
 */
export interface ReminderSettings {
  /** Where users reach AwardGate: links in messages and the calendar feed URL start with it. */
  publicUrl: string;
  /** The From: of reminder e-mail, e.g. `AwardGate <reminders@agency.example>`. */
  mailFrom: string;
  /** `smtp://` or `smtps://` URL of the mail relay; null = messages stay in the outbox (administrators read them there). */
  smtpUrl: string | null;
}

/** The domain of the From: address, which Message-IDs use (RFC 5322 §3.6.4: unique on the right of the @). */
export function messageIdDomain(settings: Pick<ReminderSettings, 'mailFrom' | 'publicUrl'>): string {
  const from = /@([A-Za-z0-9.-]+)>?\s*$/.exec(settings.mailFrom)?.[1];
  if (from) return from.toLowerCase();
  return new URL(settings.publicUrl).hostname || 'awardgate.invalid';
}

/** An absolute link to a page of the app. */
export const linkTo = (settings: Pick<ReminderSettings, 'publicUrl'>, path: string): string => `${settings.publicUrl.replace(/\/+$/, '')}${path}`;
