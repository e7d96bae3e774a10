import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One e-mail as the SMTP server received it. */
export interface CaughtMail {
  readonly from: string;
  readonly to: readonly string[];
  /** The raw message (headers and body) as sent. */
  readonly raw: string;
  readonly subject: string;
  /** The body, quoted-printable soft breaks undone. */
  readonly text: string;
}

/**
 * A real SMTP server on loopback (the smtp-server package) that keeps every message it receives, with
 * a user and password it checks: tests point SPECREADY_SMTP_URL at it and read what was sent.
 */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  private waiting: (() => void)[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<MailCatcher> {
    let catcher: MailCatcher | undefined;
    const server = new SMTPServer({
      secure: false,
      authOptional: false,
      // Loopback only, plain text: STARTTLS would need a certificate the client then refuses.
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === "specready" && auth.password === "mail secret")
          callback(null, { user: "specready" });
        else callback(new Error("Invalid username or password"));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const split = raw.indexOf("\r\n\r\n");
          const headers = raw.slice(0, split);
          const body = raw.slice(split + 4);
          const subject =
            /^Subject: (.*(?:\r\n[ \t].*)*)/im.exec(headers)?.[1]?.replace(/\r\n[ \t]/g, " ") ?? "";
          const quoted = /Content-Transfer-Encoding: quoted-printable/i.test(headers);
          const text = quoted
            ? body
                .replace(/=\r\n/g, "")
                .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
            : body;
          catcher?.receive({
            from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            subject,
            text: text.replace(/\r\n/g, "\n"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const port = (server.server.address() as AddressInfo).port;
    catcher = new MailCatcher(server, port);
    return catcher;
  }

  /** The SPECREADY_SMTP_URL of this server; `password` other than its own makes it refuse the login. */
  url(password = "mail secret"): string {
    return `smtp://specready:${encodeURIComponent(password)}@127.0.0.1:${this.port}`;
  }

  private receive(mail: CaughtMail): void {
    this.mails.push(mail);
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** The first mail to `address` received after `since` mails, waiting for it up to 10 s. */
  async next(address: string, since = 0): Promise<CaughtMail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.mails
        .slice(since)
        .find((m) => m.to.includes(address.toLowerCase()) || m.to.includes(address));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${address} within 10 s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The first specready link in a mail's text (`/invite/…`, `/reset-password/…`). */
export function linkIn(mail: CaughtMail, path: string): string {
  const match = new RegExp(`https?://\\S+${path}/([A-Za-z0-9_-]+)`).exec(mail.text);
  if (match === null) throw new Error(`no ${path} link in the mail: ${mail.text}`);
  return match[1] as string;
}
