/**
 * The SMTP client of the outbox (style guide: a client module with timeouts and a typed error). It
 * makes one attempt per call; retrying with backoff is the outbox's job, since a retry must survive
 * a restart.
 */
import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<…@…>`: the outbox row's own, so a copy sent again after a crash can be recognised. */
  messageId: string;
}

/** A message the relay did not take. `permanent`: a 5xx reply, which the same message will get again. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode: number | null,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createMailer(smtpUrl: string): Mailer {
  const transport = createTransport({ url: smtpUrl, ...TIMEOUTS });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({ ...mail, headers: { 'Auto-Submitted': 'auto-generated' } });
        if (info.rejected?.length) throw new MailDeliveryError(`the relay refused ${info.rejected.join(', ')}`, true, null);
      } catch (e) {
        if (e instanceof MailDeliveryError) throw e;
        const err = e as { message?: string; responseCode?: number; response?: string };
        const code = typeof err.responseCode === 'number' ? err.responseCode : null;
        throw new MailDeliveryError(err.response ?? err.message ?? String(e), code !== null && code >= 500, code);
      }
    },
    close: () => transport.close(),
  };
}
