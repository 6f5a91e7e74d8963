/**
 * A real SMTP server for the reminder tests (the `smtp-server` package on 127.0.0.1, a port the OS
 * picks), keeping every message it accepted, parsed by `mailparser`. It can refuse the next messages
 * with a reply code, as a relay under load (451) or one that rejects a message (550) does.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface TestSmtp {
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  received: Received[];
  /** Refuses the next `count` messages with `code` (at the end of DATA). */
  refuse(count: number, code?: number): void;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  let refusals = 0;
  let refusalCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (refusals > 0) {
            refusals--;
            const err = Object.assign(new Error(refusalCode >= 500 ? 'Message rejected' : 'Try again later'), { responseCode: refusalCode });
            return callback(err);
          }
          const to = mail.to ? (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a.value.map((v) => v.address ?? '')) : [];
          received.push({
            messageId: mail.messageId ?? '',
            from: mail.from?.value[0]?.address ?? '',
            to,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          });
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse(count, code = 451) {
      refusals = count;
      refusalCode = code;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
