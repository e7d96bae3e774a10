import { createTransport } from "nodemailer";

/** One e-mail: plain text only, so nothing a person typed (a name, an organization) becomes markup. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Extra headers (List-Unsubscribe), names and values without line breaks. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends e-mail through the configured SMTP server. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * A mailer over `SPECREADY_SMTP_URL` (nodemailer's SMTP transport, a connection per message). Problems reject
 * `send` with nodemailer's error; its message never holds the URL's password.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = createTransport(smtpUrl, { from });
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.headers === undefined ? {} : { headers: { ...message.headers } }),
      });
    },
    close() {
      transport.close();
    },
  };
}
