import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
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
    const error = await postToTeams(`${base}/endless`, { type: "message" }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^the Teams webhook answered HTTP 500: x+$/);
    expect((error as Error).message.length).toBeLessThan(300);
    expect((error as Error).message).not.toContain("endless");
  });

  it("takes https addresses only, and http on loopback only when allowed; masks the secret path", () => {
    expect(webhookUrlProblem("https://contoso.webhook.office.com/webhookb2/abc", false)).toBeUndefined();
    expect(webhookUrlProblem("http://contoso.webhook.office.com/webhookb2/abc", true)).toMatch(/https/);
    expect(webhookUrlProblem("http://127.0.0.1:8080/hook", false)).toMatch(/https/);
    expect(webhookUrlProblem("http://127.0.0.1:8080/hook", true)).toBeUndefined();
    expect(webhookUrlProblem("https://user:pw@contoso.example/hook", false)).toMatch(/user name or password/);
    expect(webhookUrlProblem("not a url", false)).toBe("is not a web address");
    const masked = maskWebhookUrl("https://contoso.webhook.office.com/webhookb2/secret-abcd1234");
    expect(masked).toBe("https://contoso.webhook.office.com/…1234");
  });
});
