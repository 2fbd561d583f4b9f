import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** The raw RFC 5322 message. */
  raw: string;
}

/** What the server does with the next message's DATA. */
export type SmtpStep =
  { reply: 'accept' } | { reply: 'error'; code: number; message: string } | { reply: 'hang' };

/**
 * A real SMTP server (nodemailer's smtp-server) on 127.0.0.1, with AUTH PLAIN/LOGIN checked
 * against one user and password, STARTTLS off (loopback), and scripted answers to DATA.
 */
export interface SmtpStandIn {
  /** `smtp://user:password@127.0.0.1:<port>` */
  url: string;
  port: number;
  mails: ReceivedMail[];
  script(...steps: SmtpStep[]): void;
  close(): Promise<void>;
}

export async function startSmtpStandIn(
  user: string,
  password: string,
  /** RCPT TO for these addresses is refused with 550 (mailbox unavailable). */
  refusedRecipients: readonly string[] = [],
): Promise<SmtpStandIn> {
  const mails: ReceivedMail[] = [];
  const steps: SmtpStep[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (refusedRecipients.includes(address.address)) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const step = steps.shift() ?? { reply: 'accept' };
        if (step.reply === 'hang') return;
        if (step.reply === 'error') {
          callback(Object.assign(new Error(step.message), { responseCode: step.code }));
          return;
        }
        mails.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          },
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    port,
    mails,
    script: (...more) => void steps.push(...more),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
