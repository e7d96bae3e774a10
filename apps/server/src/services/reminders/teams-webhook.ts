import { isLoopbackHost } from "../../config/server-config.js";

/*
 * Microsoft Teams incoming webhooks take a message whose attachment is an Adaptive Card:
 * {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{…}}]}
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook).
 * A message is limited to 28 KB, and more than four requests a second are throttled (HTTP 429, retried
 * here with backoff like any failure):
 * https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
 * The card schema is version 1.4 (https://adaptivecards.io/explorer/AdaptiveCard.html).
 */

/** The largest message sent (Teams refuses more than 28 KB). */
export const TEAMS_MAX_BYTES = 28 * 1024;
/** How long a webhook may take to answer. */
export const TEAMS_TIMEOUT_MS = 10_000;

export interface TeamsCardInput {
  readonly title: string;
  readonly lines: readonly string[];
  readonly facts?: readonly { readonly title: string; readonly value: string }[];
  readonly url?: string | undefined;
}

/** The webhook message holding one Adaptive Card 1.4. Lines are cut so the message stays under 28 KB. */
export function adaptiveCardMessage(input: TeamsCardInput): object {
  const build = (lines: readonly string[], cut: number) => ({
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: input.title, weight: "Bolder", size: "Medium", wrap: true },
            ...lines.map((text) => ({ type: "TextBlock", text, wrap: true, spacing: "Small" })),
            ...(cut > 0 ? [{ type: "TextBlock", text: `… and ${cut} more in specready.`, wrap: true }] : []),
            ...(input.facts === undefined || input.facts.length === 0
              ? []
              : [{ type: "FactSet", facts: input.facts }]),
          ],
          actions:
            input.url === undefined
              ? []
              : [{ type: "Action.OpenUrl", title: "Open specready", url: input.url }],
        },
      },
    ],
  });
  let lines = input.lines.map((l) => (l.length > 1000 ? `${l.slice(0, 999)}…` : l));
  let message = build(lines, 0);
  while (Buffer.byteLength(JSON.stringify(message)) > TEAMS_MAX_BYTES && lines.length > 0) {
    lines = lines.slice(0, Math.floor(lines.length * 0.8));
    message = build(lines, input.lines.length - lines.length);
  }
  return message;
}

/**
 * Why a webhook URL cannot be used, or undefined: HTTPS only, except http on loopback where the
 * operator allowed it (SPECREADY_TEAMS_ALLOW_HTTP_LOOPBACK, for tests and local receivers).
 */
export function webhookUrlProblem(text: string, allowHttpLoopback: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a web address";
  }
  if (url.username !== "" || url.password !== "") return "must not hold a user name or password";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && allowHttpLoopback && isLoopbackHost(url.hostname.replace(/^\[|\]$/g, "")))
    return undefined;
  return allowHttpLoopback
    ? "must start with https:// (or http:// on this machine's loopback address)"
    : "must start with https:// (the incoming webhook's address from Teams)";
}

/** The URL shown in Settings and logs: the host only, the secret path masked. */
export function maskWebhookUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}/…${url.pathname.slice(-4).replace(/[^A-Za-z0-9]/g, "")}`;
  } catch {
    return "…";
  }
}

/**
 * Posts a message to the webhook. Resolves when it is accepted (a 2xx answer); rejects with an error
 * naming the HTTP status or the network failure, never the URL (a secret).
 */
export async function postToTeams(webhookUrl: string, message: object): Promise<void> {
  const body = JSON.stringify(message);
  if (Buffer.byteLength(body) > TEAMS_MAX_BYTES)
    throw new Error(`the card is ${Buffer.byteLength(body)} bytes, over the 28 KB Teams accepts`);
  let response: Response;
  try {
    response = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      redirect: "error",
      signal: AbortSignal.timeout(TEAMS_TIMEOUT_MS),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const reason =
      e.name === "TimeoutError" ? `no answer within ${TEAMS_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.name);
    throw new Error(`the Teams webhook could not be reached: ${reason}`);
  }
  // Read a little of the answer for the error, no more (a hostile endpoint could answer forever).
  const text = (await firstBytes(response, 1024)).slice(0, 200).replace(/\s+/g, " ").trim();
  if (!response.ok)
    throw new Error(`the Teams webhook answered HTTP ${response.status}${text === "" ? "" : `: ${text}`}`);
}

/** The first `limit` bytes of a response body as text; the rest is not read. */
async function firstBytes(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off mid-way: what arrived is enough for the message.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, limit).toString("utf8");
}
