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

/*
 * The hosts a webhook may be on (the fix for server-side request forgery: a partner admin could otherwise
 * make this server POST to any https service, internal ones included). Microsoft's addresses only:
 * - Teams incoming webhooks (Microsoft 365 connectors): https://<tenant>.webhook.office.com/webhookb2/…,
 *   and before January 2021 https://outlook.office.com/webhook/… (Microsoft 365 message center MC234048,
 *   summarised at https://office365itpros.com/2021/02/03/new-format-webhook-url/). Microsoft retires these
 *   connectors in favour of the Workflows app:
 *   https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
 * - Workflows (Power Automate, "When a Teams webhook request is received") and Logic Apps request triggers:
 *   https://prod-NN.<region>.logic.azure.com:443/workflows/…/triggers/manual/run?…&sig=… as Microsoft shows
 *   (https://learn.microsoft.com/powershell/module/az.logicapp/get-azlogicapptriggercallbackurl), and the
 *   newer https://<environment>.<nn>.environment.api.powerplatform.com:443/powerautomate/automations/direct/
 *   workflows/…/triggers/manual/paths/invoke?…&sig=… (no Microsoft page found for this form; it is what
 *   Power Automate hands out today, e.g. https://reshmeeauckloo.com/posts/powerautomate-invoke-from-anotherapp).
 * Default port only, no user name or password, no IP address. Checked when the address is saved and
 * again before each post (an address saved before this rule is not called). Redirects are not followed.
 */
const WEBHOOK_HOST_SUFFIXES = [".webhook.office.com", ".logic.azure.com", ".powerplatform.com"] as const;
/** The hosts accepted, as the error messages and Settings name them. */
export const ACCEPTED_WEBHOOK_HOSTS =
  "*.webhook.office.com, outlook.office.com/webhook/…, *.logic.azure.com or *.powerplatform.com";

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Whether `hostname` (as `URL` normalises it) is a literal IPv4 or IPv6 address. */
function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname);
}

/** Whether the URL is on one of Microsoft's webhook hosts (the host and, for the legacy form, the path). */
function isMicrosoftWebhookHost(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  if (isIpLiteral(host) || !host.split(".").every((label) => DNS_LABEL.test(label))) return false;
  if (host === "outlook.office.com") return url.pathname.startsWith("/webhook/");
  return WEBHOOK_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
}

/**
 * Why a webhook URL cannot be used, or undefined: https on one of Microsoft's webhook hosts (above), on
 * the default port, without a user name or password. Where the operator allowed it
 * (SPECREADY_TEAMS_ALLOW_HTTP_LOOPBACK, off by default: tests and local receivers), an http or https
 * address on this machine's loopback is accepted too.
 */
export function webhookUrlProblem(text: string, allowLoopback: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a web address";
  }
  if (url.username !== "" || url.password !== "") return "must not hold a user name or password";
  if (
    allowLoopback &&
    (url.protocol === "http:" || url.protocol === "https:") &&
    isLoopbackHost(url.hostname)
  )
    return undefined;
  if (url.protocol !== "https:")
    return allowLoopback
      ? `must start with https:// (or http:// on this machine's loopback address), on ${ACCEPTED_WEBHOOK_HOSTS}`
      : `must start with https:// and be on ${ACCEPTED_WEBHOOK_HOSTS}`;
  if (url.port !== "") return "must use the default https port (no :port after the host)";
  if (isIpLiteral(url.hostname))
    return `must name Microsoft's webhook host, not an IP address: ${ACCEPTED_WEBHOOK_HOSTS}`;
  if (!isMicrosoftWebhookHost(url))
    return `must be a Microsoft Teams or Power Automate webhook address, on ${ACCEPTED_WEBHOOK_HOSTS}`;
  return undefined;
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
 * naming the HTTP status or the network failure, never the URL (a secret). An address `webhookUrlProblem`
 * refuses (one saved before its rule) is not called; a redirect is not followed, so an accepted host
 * cannot bounce the request elsewhere.
 */
export async function postToTeams(
  webhookUrl: string,
  message: object,
  options: { readonly allowLoopback: boolean },
): Promise<void> {
  const problem = webhookUrlProblem(webhookUrl, options.allowLoopback);
  if (problem !== undefined)
    throw new Error(
      `the Teams webhook was not called: its address ${problem}; set the address again in Settings`,
    );
  const body = JSON.stringify(message);
  if (Buffer.byteLength(body) > TEAMS_MAX_BYTES)
    throw new Error(`the card is ${Buffer.byteLength(body)} bytes, over the 28 KB Teams accepts`);
  let response: Response;
  try {
    response = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TEAMS_TIMEOUT_MS),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const reason =
      e.name === "TimeoutError" ? `no answer within ${TEAMS_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.name);
    throw new Error(`the Teams webhook could not be reached: ${reason}`);
  }
  if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
    await response.body?.cancel().catch(() => {});
    throw new Error(`the Teams webhook answered a redirect (HTTP ${response.status}), which is not followed`);
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
