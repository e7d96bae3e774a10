import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCEPTED_WEBHOOK_HOSTS,
  adaptiveCardMessage,
  maskWebhookUrl,
  postToTeams,
  TEAMS_MAX_BYTES,
  webhookUrlProblem,
} from "./teams-webhook.js";

describe("the Teams incoming webhook", () => {
  let server: Server;
  let base: string;
  const received: unknown[] = [];
  let bounced = 0;
  const loopback = { allowLoopback: true };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (req.url === "/redirect") {
          // An accepted host bouncing the request elsewhere: never followed.
          res.writeHead(307, { location: `${base}/bounced`, connection: "close" }).end();
          return;
        }
        if (req.url === "/bounced") bounced++;
        if (req.url === "/endless") {
          // Answers 500 with a body that never ends: only its first bytes are read.
          res.writeHead(500, { "content-type": "text/plain" });
          res.write("x".repeat(64 * 1024));
          return;
        }
        received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        res.writeHead(200, { connection: "close" }).end("1");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("posts an Adaptive Card 1.4 in the message format Microsoft documents for incoming webhooks", async () => {
    await postToTeams(
      `${base}/hook`,
      adaptiveCardMessage({ title: "T", lines: ["a"], url: "https://x.example" }),
      loopback,
    );
    expect(received[0]).toMatchObject({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          content: {
            type: "AdaptiveCard",
            version: "1.4",
            body: [
              { type: "TextBlock", text: "T" },
              { type: "TextBlock", text: "a" },
            ],
            actions: [{ type: "Action.OpenUrl", url: "https://x.example" }],
          },
        },
      ],
    });
  });

  it("keeps a card with thousands of lines under Teams' 28 KB, saying how many were left out", () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `Line ${i} ${"y".repeat(80)}`);
    const message = adaptiveCardMessage({ title: "Many", lines });
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(JSON.stringify(message)).toMatch(/… and \d+ more in specready\./);
  });

  it("names the HTTP status of a refusal, reads only the start of its answer, and never the address", async () => {
    const error = await postToTeams(`${base}/endless`, { type: "message" }, loopback).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^the Teams webhook answered HTTP 500: x+$/);
    expect((error as Error).message.length).toBeLessThan(300);
    expect((error as Error).message).not.toContain("endless");
  });

  it("does not follow a redirect, so an accepted host cannot bounce the post elsewhere", async () => {
    const error = await postToTeams(`${base}/redirect`, { type: "message" }, loopback).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      "the Teams webhook answered a redirect (HTTP 307), which is not followed",
    );
    expect(bounced).toBe(0);
  });

  it("does not call an address the rule refuses (one saved before it), saying why without the address", async () => {
    const before = received.length;
    const error = await postToTeams(
      `${base}/hook-secret`,
      { type: "message" },
      { allowLoopback: false },
    ).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /^the Teams webhook was not called: its address must start with https:\/\//,
    );
    expect((error as Error).message).not.toContain("hook-secret");
    expect(received.length).toBe(before);
  });

  it("accepts https on Microsoft's webhook hosts only: Teams incoming webhooks, Workflows and Logic Apps", () => {
    for (const url of [
      "https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d",
      "HTTPS://Contoso.WEBHOOK.Office.com/webhookb2/abc",
      "https://outlook.office.com/webhook/a@b/IncomingWebhook/c/d",
      "https://prod-03.westus.logic.azure.com:443/workflows/c4ed/triggers/manual/run?api-version=2016-06-01&sig=x",
      "https://default64661b8d.a7.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/c3/triggers/manual/paths/invoke?sig=x",
    ])
      expect(webhookUrlProblem(url, false), url).toBeUndefined();
    const refused: [string, RegExp][] = [
      ["https://webhook.office.com.evil.example/webhookb2/abc", /Microsoft Teams or Power Automate webhook/],
      ["https://evil.example/webhook.office.com", /Microsoft Teams or Power Automate webhook/],
      ["https://evil.example/contoso.webhook.office.com/webhookb2/abc", /Microsoft Teams or Power Automate/],
      [
        "https://evil.example\\@contoso.webhook.office.com/webhookb2/abc",
        /Microsoft Teams or Power Automate/,
      ],
      ["https://contoso.webhook.office.com@evil.example/webhookb2/abc", /user name or password/],
      ["https://user@x.webhook.office.com/webhookb2/abc", /user name or password/],
      ["https://user:pw@x.webhook.office.com/webhookb2/abc", /user name or password/],
      ["https://webhook.office.com/webhookb2/abc", /Microsoft Teams or Power Automate/],
      ["https://evilwebhook.office.com/webhookb2/abc", /Microsoft Teams or Power Automate/],
      ["https://contoso.webhook.office.com./webhookb2/abc", /Microsoft Teams or Power Automate/],
      ["https://outlook.office.com/owa/", /Microsoft Teams or Power Automate/],
      ["https://logic.azure.com.internal/workflows/x", /Microsoft Teams or Power Automate/],
      ["https://intranet.corp.example/hook", /Microsoft Teams or Power Automate/],
      ["http://contoso.webhook.office.com/webhookb2/abc", /must start with https:\/\//],
      ["ftp://contoso.webhook.office.com/webhookb2/abc", /must start with https:\/\//],
      ["https://contoso.webhook.office.com:8443/webhookb2/abc", /default https port/],
      ["https://10.0.0.5/webhookb2/abc", /not an IP address/],
      ["https://169.254.169.254/metadata", /not an IP address/],
      ["https://0x7f.1/hook", /not an IP address/],
      ["https://2130706433/hook", /not an IP address/],
      ["https://[::1]/hook", /not an IP address/],
      ["https://[fd00::1]/hook", /not an IP address/],
      ["https://127.0.0.1/hook", /not an IP address/],
      ["https://localhost/hook", /Microsoft Teams or Power Automate/],
      ["not a url", /^is not a web address$/],
    ];
    for (const [url, problem] of refused) expect(webhookUrlProblem(url, false), url).toMatch(problem);
    // Every refusal of a host says which hosts are accepted.
    expect(webhookUrlProblem("https://intranet.corp.example/hook", false)).toContain(ACCEPTED_WEBHOOK_HOSTS);
    expect(ACCEPTED_WEBHOOK_HOSTS).toContain("*.webhook.office.com");
  });

  it("accepts loopback, http or https, only where the operator allowed it (tests); masks the secret path", () => {
    expect(webhookUrlProblem("http://127.0.0.1:8080/hook", false)).toMatch(/https/);
    expect(webhookUrlProblem("http://127.0.0.1:8080/hook", true)).toBeUndefined();
    expect(webhookUrlProblem("https://[::1]:8443/hook", true)).toBeUndefined();
    expect(webhookUrlProblem("http://localhost:8080/hook", true)).toBeUndefined();
    // The exception is for loopback only: anything else still follows the rule.
    expect(webhookUrlProblem("http://10.0.0.5:8080/hook", true)).toMatch(/https/);
    expect(webhookUrlProblem("https://intranet.corp.example/hook", true)).toMatch(/Microsoft Teams/);
    expect(webhookUrlProblem("http://user:pw@127.0.0.1:8080/hook", true)).toMatch(/user name or password/);
    expect(webhookUrlProblem("http://contoso.webhook.office.com/webhookb2/abc", true)).toMatch(/https/);
    const masked = maskWebhookUrl("https://contoso.webhook.office.com/webhookb2/secret-abcd1234");
    expect(masked).toBe("https://contoso.webhook.office.com/…1234");
  });
});
