import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { addDays, type CalendarDate, dayOfWeek, todayFrom } from "@specready/core";
import { repositories } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MailCatcher } from "../../test-support/mail-catcher.js";
import { expectJson, STARTUP_TIMEOUT, signIn, TestServer } from "../../test-support/test-server.js";
import type { AppContext } from "../app-context.js";
import { seedDemo } from "../demo-service.js";
import { backoffMs, scheduleReminders, sendDueReminders } from "./reminder-scheduler.js";

/** A Teams incoming webhook on loopback: keeps every card posted; answers 500 while `failing`. */
class WebhookReceiver {
  readonly cards: {
    at: CalendarDate;
    body: { attachments: { contentType: string; content: { version: string; body: { text?: string }[] } }[] };
  }[] = [];
  failing = false;
  day: CalendarDate = "";
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (receiver?.failing) {
          res.writeHead(500).end("Microsoft Teams endpoint returned HTTP error 500");
          return;
        }
        receiver?.cards.push({ at: receiver.day, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        // Teams answers 200 with "1" in the body. The connection is closed after each card: a kept-alive
        // socket this receiver times out while the fake clock's days pass would reset the next post.
        res.writeHead(200, { "content-type": "text/plain", connection: "close" }).end("1");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as AddressInfo).port;
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/webhookb2/secret-path-${port}`);
    return receiver;
  }

  title(i: number): string {
    return this.cards[i]?.body.attachments[0]?.content.body[0]?.text ?? "";
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** One scheduler tick of a server: queue what is due, send the outbox. */
async function tick(ctx: AppContext): Promise<void> {
  await scheduleReminders(ctx);
  await sendDueReminders(ctx);
}

describe.each(testBackends)("reminders and digests of the demo organization on %s", (backend) => {
  let mail: MailCatcher;
  let teams: WebhookReceiver;
  let server: TestServer;
  let clock: Date;
  let orgId: string;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let login: { email: string; password: string };
  const start = todayFrom(new Date());
  /** 09:00 on a day, local time (the server's calendar day is local, as `todayFrom` reads it). */
  const nineOn = (d: CalendarDate) => new Date(`${d}T09:00:00`);

  beforeAll(async () => {
    [mail, teams] = await Promise.all([MailCatcher.start(), WebhookReceiver.start()]);
    clock = nineOn(start);
    server = await TestServer.start(backend, {
      now: () => clock,
      config: {
        smtpUrl: mail.url(),
        mailFrom: "specready <no-reply@specready.example>",
        teamsAllowHttpLoopback: true,
        publicUrl: "https://specready.example",
      },
    });
    const seeded = await seedDemo(server.ctx);
    if (seeded === undefined) throw new Error("the demo was not seeded");
    login = seeded;
    admin = await signIn(server, login.email, login.password);
    orgId = (await repositories(server.db).organizations.listForUser(admin.session.user.id))[0]?.id ?? "";
  }, STARTUP_TIMEOUT * 2);

  afterAll(async () => {
    await server?.close();
    await mail?.close();
    await teams?.close();
  });

  it("refuses a webhook off Microsoft's hosts (loopback only where allowed), storing nothing, and answers the one set masked", async () => {
    const path = `/api/orgs/${orgId}/reminders/settings`;
    const stored = async () => repositories(server.db).reminders.settings(orgId);
    const before = await stored();
    const strict = server.withConfig({ teamsAllowHttpLoopback: false });
    const strictAdmin = strict.as({
      kind: "session",
      cookie: admin.cookie,
      csrfToken: admin.session.csrfToken,
    });
    const refused = await strictAdmin.put(path, { reviewWaitDays: 7, teamsWebhookUrl: teams.url });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("teamsWebhookUrl");
    // An internal https service, even where loopback is allowed: a 400 naming the field and the hosts.
    for (const url of [
      "https://intranet.corp.example/admin/hook",
      "https://contoso.webhook.office.com.evil.example/webhookb2/x",
      "https://10.0.0.5/webhookb2/x",
      "https://contoso.webhook.office.com:8443/webhookb2/x",
    ]) {
      const answer = await admin.client.put(path, { reviewWaitDays: 7, teamsWebhookUrl: url });
      expect(answer.status, url).toBe(400);
      const body = JSON.stringify(await answer.json());
      expect(body, url).toContain("teamsWebhookUrl");
      if (!url.includes(":8443")) expect(body, url).toContain("*.webhook.office.com");
    }
    // Nothing was stored, not even the review wait sent with the refused address.
    expect(await stored()).toEqual(before);
    const set = await expectJson<{ teamsWebhook: { masked: string } }>(
      await admin.client.put(path, { reviewWaitDays: 5, teamsWebhookUrl: teams.url }),
      200,
    );
    expect(set.teamsWebhook.masked).not.toContain("secret-path");
    // The activity log says the channel was set, never its address.
    const log = await repositories(server.db).activity.list(orgId, { limit: 20 });
    expect(JSON.stringify(log)).toContain("reminders.settings");
    expect(JSON.stringify(log)).not.toContain("secret-path");
  });

  it(
    "sends each reminder and each Monday digest once, on its day, by e-mail and Teams, across a restart and two servers",
    async () => {
      const days = 90;
      const restartOn = 45;
      let a = server;
      // A second server on the same database (its own pool on PostgreSQL), ticking at the same moments.
      let b = await server.anotherInstance();
      const sentOn = new Map<string, CalendarDate[]>(); // "to|subject" → days
      for (let i = 0; i < days; i++) {
        const day = addDays(start, i);
        clock = nineOn(day);
        teams.day = day;
        const before = mail.mails.length;
        if (i === restartOn) {
          // Stopped mid-tick: the old server queued today's reminders and died before sending them.
          await scheduleReminders(a.ctx);
          await b.closeInstance();
          a = server.withConfig({}); // a fresh server (new caches, new mailer) on the same database
          b = await a.anotherInstance();
        }
        await Promise.all([tick(a.ctx), tick(b.ctx)]);
        for (const m of mail.mails.slice(before)) {
          const key = `${m.to.join(",")}|${m.subject}`;
          sentOn.set(key, [...(sentOn.get(key) ?? []), day]);
        }
      }
      await b.closeInstance();

      const all = await repositories(server.db).reminders.list(orgId, 10_000);
      // Each sent at its first attempt: nothing failed on the way.
      expect(all.filter((d) => d.attempts !== 1).map((d) => `${d.subject}: ${d.lastError}`)).toEqual([]);
      // Nothing twice: every e-mail (recipient and subject) and every Teams card once.
      expect([...sentOn].filter(([, ds]) => ds.length > 1)).toEqual([]);
      const titles = teams.cards.map((_, i) => teams.title(i));
      expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
      // The outbox agrees: everything sent, each key once.
      const r = repositories(server.db).reminders;
      expect(await r.counts(orgId)).toMatchObject({ pending: 0, sending: 0, failed: 0 });
      expect(new Set(all.map((d) => d.dedupeKey)).size).toBe(all.length);
      expect(all.filter((d) => d.channel === "email")).toHaveLength(mail.mails.length);
      expect(all.filter((d) => d.channel === "teams")).toHaveLength(teams.cards.length);

      // Digests on Mondays only, one per person with something open, and one card for the channel.
      const digestDays = [...sentOn].filter(([k]) => k.includes("open item")).flatMap(([, ds]) => ds);
      expect(digestDays.length).toBeGreaterThan(0);
      expect(digestDays.every((d) => dayOfWeek(d) === 1)).toBe(true);
      const mondays = Array.from({ length: days }, (_, i) => addDays(start, i)).filter(
        (d) => dayOfWeek(d) === 1,
      );
      expect(
        teams.cards
          .filter((c) => /open items? this week/.test(c.body.attachments[0]?.content.body[0]?.text ?? ""))
          .map((c) => c.at),
      ).toEqual(mondays);

      // Certifications: the 60-day and the 14-day reminder on exactly those days before the expiry.
      const certMails = [...sentOn].filter(([k]) => / expires on \d{4}-\d{2}-\d{2}/.test(k));
      expect(certMails.length).toBeGreaterThan(0);
      for (const [key, [day]] of certMails) {
        const expiry = / expires on (\d{4}-\d{2}-\d{2})/.exec(key)?.[1] as CalendarDate;
        const row = all.find(
          (d) =>
            d.channel === "email" && key.endsWith(`|${d.subject}`) && d.kind === "certification_expiring",
        );
        const threshold = Number(row?.dedupeKey.split(":").at(-1));
        // Sent on its threshold day, or on the first day of the run when the threshold had passed.
        expect([addDays(expiry, -threshold), start]).toContain(day);
      }

      // Every kind the demo holds reached e-mail and Teams, with the card in Microsoft's format.
      const kinds = new Set(all.map((d) => `${d.channel}:${d.kind}`));
      // The demo has no open finding (its audit is ahead); every other kind reaches both channels.
      const both = (k: string) => [`email:${k}`, `teams:${k}`];
      expect([...kinds].sort()).toEqual(
        [
          "acr_window",
          "audit_deadline",
          "certification_expiring",
          "changes_requested",
          "digest",
          "project_ageing_out",
          "review_waiting",
        ]
          .flatMap(both)
          .sort(),
      );
      const card = teams.cards[0]?.body;
      expect(card?.attachments[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
      expect(card?.attachments[0]?.content.version).toBe("1.4");
    },
    30 * 60_000,
  );

  it("puts a one-click unsubscribe link in every e-mail, which switches that kind off without signing in", async () => {
    expect(mail.mails.length).toBeGreaterThan(0);
    for (const m of mail.mails) {
      expect(m.raw).toMatch(/^List-Unsubscribe:\s+<https:\/\/specready\.example\/api\/unsubscribe\/\S+>/m);
      expect(m.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
      expect(m.text).toMatch(/https:\/\/specready\.example\/api\/unsubscribe\/\S+/);
      // And where every kind is switched: the recipient's own page in the organization.
      expect(m.text).toMatch(
        /Your reminders: https:\/\/specready\.example\/o\/[0-9a-f-]{36}\/notifications$/m,
      );
    }
    const m = mail.mails.find((x) => !x.subject.includes("open item")) ?? mail.mails[0];
    const link = /https:\/\/specready\.example(\/api\/unsubscribe\/\S+)/.exec(m?.text ?? "")?.[1] as string;
    const page = await server.anonymous.get(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    // The one-click POST a mail client makes: no cookie, no CSRF token.
    expect((await server.anonymous.post(link)).status).toBe(200);
    const [, userId, topic] = decodeURIComponent(link.split("/").at(-1) as string).split(".");
    const prefs = await repositories(server.db).reminders.preferences(orgId);
    const mine = prefs.find((p) => p.userId === userId);
    if (topic === "digest") expect(mine?.digest).toBe(false);
    else expect(mine?.disabledKinds).toContain(topic);
    // A forged link does nothing.
    expect((await server.anonymous.post(`${link.slice(0, -3)}abc`)).status).toBe(404);
  });

  it("computes an organization's reminders again only when the day, its data, its settings or a preference changed", async () => {
    const fresh = server.withConfig({}); // a server of its own: nothing computed yet
    expect(await scheduleReminders(fresh.ctx)).toMatchObject({ computed: 1, unchanged: 0 });
    // The next tick on the same day, nothing changed: the messages would be the ones already queued.
    expect(await scheduleReminders(fresh.ctx)).toEqual({ added: 0, computed: 0, unchanged: 1 });
    // A member switches a kind off with an e-mail's one-click link (no sign-in): computed again.
    const m = mail.mails.find((x) => x.subject.includes("open item")) ?? mail.mails[0];
    const link = /https:\/\/specready\.example(\/api\/unsubscribe\/\S+)/.exec(m?.text ?? "")?.[1] as string;
    expect((await server.anonymous.post(link)).status).toBe(200);
    expect(await scheduleReminders(fresh.ctx)).toMatchObject({ computed: 1, unchanged: 0 });
    expect(await scheduleReminders(fresh.ctx)).toMatchObject({ computed: 0, unchanged: 1 });
    // The next day: computed again.
    const today = todayFrom(clock);
    clock = nineOn(addDays(today, 1));
    expect(await scheduleReminders(fresh.ctx)).toMatchObject({ computed: 1, unchanged: 0 });
  });

  it("retries a failing webhook with backoff, shows the error and the next attempt, gives up after the attempts, and retries on demand", async () => {
    const r = repositories(server.db).reminders;
    // Ninety days on, the earlier sign-in has expired.
    admin = await signIn(server, login.email, login.password);
    const limited = server.withConfig({ reminderAttempts: 3 });
    // What the tests before queued and did not send goes first: the day after their 90 days is a Monday
    // when they start on a Tuesday, and its digests would be counted with this test's card.
    teams.failing = false;
    await sendDueReminders(limited.ctx);
    await r.enqueue(orgId, clock, [
      {
        dedupeKey: "teams:test:failing",
        channel: "teams",
        userId: null,
        kind: "open_finding",
        subject: "Failing card",
        payload: { topic: "open_finding", subject: "Failing card", lines: ["x"] },
      },
    ]);
    teams.failing = true;
    const t0 = clock.getTime();
    expect(await sendDueReminders(limited.ctx)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const shown = async () =>
      (
        await expectJson<{
          deliveries: {
            subject: string;
            status: string;
            attempts: number;
            lastError: string | null;
            nextAttemptAt: string | null;
            id: string;
          }[];
        }>(await admin.client.get(`/api/orgs/${orgId}/reminders/deliveries`), 200)
      ).deliveries.find((d) => d.subject === "Failing card");
    expect(await shown()).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: expect.stringContaining("HTTP 500"),
    });
    expect(Date.parse((await shown())?.nextAttemptAt ?? "")).toBe(t0 + backoffMs(1));
    // Not before its time.
    clock = new Date(t0 + backoffMs(1) - 1000);
    expect(await sendDueReminders(limited.ctx)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    clock = new Date(t0 + backoffMs(1));
    expect(await sendDueReminders(limited.ctx)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    clock = new Date(t0 + backoffMs(1) + backoffMs(2));
    expect(await sendDueReminders(limited.ctx)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    const failed = await shown();
    expect(failed).toMatchObject({ status: "failed", attempts: 3, nextAttemptAt: null });
    // The error never holds the webhook's secret address.
    expect(failed?.lastError).not.toContain("secret-path");
    teams.failing = false;
    const retried = await admin.client.post(`/api/orgs/${orgId}/reminders/deliveries/${failed?.id}/retry`);
    expect(await expectJson(retried, 200)).toMatchObject({ status: "pending", attempts: 0 });
    expect(await sendDueReminders(limited.ctx)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await shown()).toMatchObject({ status: "sent" });
    expect(
      (await admin.client.post(`/api/orgs/${orgId}/reminders/deliveries/${failed?.id}/retry`)).status,
    ).toBe(409);
  });

  it("does not call a stored webhook the rule refuses (one saved before it), and the delivery log says why", async () => {
    const r = repositories(server.db).reminders;
    admin = await signIn(server, login.email, login.password);
    // The loopback receiver is stored (as an address saved before the rule would be); this server does
    // not allow loopback, so the address is refused when sending.
    expect((await r.settings(orgId)).teamsWebhookUrl).toBe(teams.url);
    const strict = server.withConfig({ teamsAllowHttpLoopback: false, reminderAttempts: 3 });
    await r.enqueue(orgId, clock, [
      {
        dedupeKey: "teams:test:refused-address",
        channel: "teams",
        userId: null,
        kind: "open_finding",
        subject: "Refused address card",
        payload: { topic: "open_finding", subject: "Refused address card", lines: ["x"] },
      },
    ]);
    const cards = teams.cards.length;
    expect(await sendDueReminders(strict.ctx)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(teams.cards.length).toBe(cards);
    const shown = (
      await expectJson<{ deliveries: { subject: string; status: string; lastError: string | null }[] }>(
        await admin.client.get(`/api/orgs/${orgId}/reminders/deliveries`),
        200,
      )
    ).deliveries.find((d) => d.subject === "Refused address card");
    expect(shown).toMatchObject({
      status: "pending",
      lastError: expect.stringMatching(
        /^the Teams webhook was not called: its address must start with https:\/\//,
      ),
    });
    expect(shown?.lastError).toContain("set the address again in Settings");
    expect(shown?.lastError).not.toContain("secret-path");
  });
});
