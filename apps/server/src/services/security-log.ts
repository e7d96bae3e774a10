import type { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { addressKey } from "../auth/address-key.js";

/**
 * What the security log records: one JSON line per event, for an operator or a SIEM to read. Ids,
 * emails, addresses and outcomes only: never a password, a session id, a token's secret or a cookie.
 */
export type SecurityEvent =
  | { event: "signin.succeeded"; userId: string; email: string; address: string }
  | {
      event: "entra.signin_succeeded" | "entra.linked" | "entra.unlinked";
      userId: string;
      tenantId: string;
      objectId: string;
      address: string;
    }
  | {
      event: "entra.refused";
      reason: string;
      address: string;
      tenantId?: string;
      objectId?: string;
      userId?: string;
      providerError?: string;
    }
  | { event: "entra.policy_changed"; orgId: string; userId: string; requireEntra: boolean; tenants: number }
  | { event: "signin.failed"; email: string; address: string; reason: "wrong_password" | "no_account" }
  | {
      event: "signin.throttled";
      email: string;
      address: string;
      retryAfterSeconds: number;
      via: "sign-in" | "invitation" | "password-change" | "password-reset" | "sign-in-code";
    }
  | { event: "signout.everywhere"; userId: string; address: string }
  | { event: "password.changed"; userId: string; address: string }
  | { event: "password.change_failed"; userId: string; address: string }
  | {
      event: "password.rejected";
      email: string;
      address: string;
      via: "setup" | "invitation" | "password-change" | "password-reset";
    }
  | {
      /** A new password not checked: one from the same network or for the same account still was (a 429). */
      event: "password.check_busy";
      email: string;
      address: string;
      via: "setup" | "invitation" | "password-change" | "password-reset";
    }
  | { event: "invitation.emailed"; orgId: string; invitationId: string; email: string }
  | { event: "invitation.refused_unmailed"; orgId: string; email: string; address: string }
  | {
      event: "mail.failed";
      purpose: "invitation" | "password-reset" | "email-verification";
      email: string;
      error: string;
    }
  | { event: "email.verification_sent" | "email.verified"; userId: string; address: string }
  | { event: "password_reset.requested"; email: string; address: string; sent: boolean }
  | { event: "password_reset.completed"; userId: string; address: string }
  | { event: "password_reset.refused"; address: string }
  | { event: "two_factor.enabled" | "two_factor.disabled"; userId: string; address: string }
  | { event: "two_factor.failed"; userId: string; address: string }
  | { event: "two_factor.recovery_code_used"; userId: string; address: string; remaining: number }
  | { event: "two_factor.policy_changed"; orgId: string; userId: string; required: boolean }
  | { event: "invitation.accepted"; orgId: string; userId: string; newAccount: boolean; address: string }
  | { event: "invitation.refused"; orgId: string; email: string; address: string }
  | {
      event: "role.changed";
      orgId: string;
      userId: string;
      from: string;
      to: string;
      byUserId: string | null;
      address: string;
    }
  | {
      event: "member.removed";
      orgId: string;
      userId: string;
      role: string;
      byUserId: string | null;
      address: string;
    }
  | {
      event: "token.created" | "token.revoked";
      orgId: string;
      tokenId: string;
      byUserId: string | null;
      address: string;
    }
  | { event: "token.used"; orgId: string; tokenId: string; tokenName: string; address: string }
  | {
      event: "request.refused";
      status: 401 | 403;
      code: string;
      method: string;
      path: string;
      address: string;
      userId?: string;
      tokenId?: string;
      orgId?: string;
    }
  | {
      /**
       * Lines of one kind from one client network past its share of a window (`SecurityLogLimits`), not
       * written one by one: how many, since when, and the accounts they named, the most named first
       * (counted by the Space-Saving algorithm in `MAX_LISTED` places: any account named in more than a
       * tenth of them is listed, however many others an attacker names). `address` is the network (an
       * IPv4 address or an IPv6 /64), or `*` for networks beyond those kept apart, whose line then lists
       * the networks the most lines came from (`networks`, counted the same way).
       */
      event: "security_log.held";
      of: SecurityEvent["event"];
      address: string;
      count: number;
      since: string;
      windowSeconds: number;
      subjects: { subject: string; count: number }[];
      networks?: { network: string; count: number }[];
    };

/**
 * The events anyone can cause at will, without an account or with a wrong one, each request a line:
 * written one by one up to a share per client network and window, then counted (`security_log.held`).
 * A client sending refused requests in a loop filled the log, and the disk under it, at the speed the
 * server answers (a 267-byte line per request, 2,900-3,300 a second here: bench/README.md). A failed
 * second factor is never held: it takes the account's password, and says whose it was.
 */
const HELD_EVENTS: ReadonlySet<SecurityEvent["event"]> = new Set([
  "request.refused",
  "signin.failed",
  "signin.throttled",
  "password.check_busy",
  "password.rejected",
  "password_reset.requested",
  "password_reset.refused",
  "entra.refused",
  "invitation.refused",
  "invitation.refused_unmailed",
]);

/** How much of each kind of line is written (see `HELD_EVENTS`). */
export interface SecurityLogLimits {
  /** Lines of one kind from one client network written in a window; the rest are counted. */
  readonly perWindow: number;
  /** Lines of one kind written in a window from all networks together; the rest are counted. */
  readonly perKind: number;
  readonly windowMs: number;
  /** Client networks kept apart at once; lines from others share one window (`address: "*"`). */
  readonly maxKeys: number;
}

/**
 * At most 300 lines of each kind a minute, 30 from one network, and one `security_log.held` line a
 * minute per kind and network of the 200 kept apart (and the rest together), whose texts are short.
 */
export const SECURITY_LOG_LIMITS: SecurityLogLimits = {
  perWindow: 30,
  perKind: 300,
  windowMs: 60_000,
  maxKeys: 200,
};

/** Accounts (and networks) a held line lists at most (see `security_log.held`). */
const MAX_LISTED = 10;
/** Characters of an account a held line keeps. */
const MAX_SUBJECT = 64;

/** Text values of an event are cut to this many characters (a path, a provider's error). */
const MAX_TEXT = 500;

export interface SecurityLog {
  /**
   * Writes the event; false when it is held instead (past its share, counted in a later
   * `security_log.held` line), which a caller writing it elsewhere too (an activity log) follows.
   */
  record(event: SecurityEvent): boolean;
  /** Writes out what is buffered (at shutdown). */
  flush(): Promise<void>;
}

/** Keys whose values pino replaces wherever they appear, in case an event ever carries one. */
const REDACT = [
  "password",
  "*.password",
  "currentPassword",
  "newPassword",
  "token",
  "*.token",
  "cookie",
  "*.cookie",
  "authorization",
  "*.authorization",
  "csrfToken",
  "secret",
];

/**
 * The security log as pino JSON lines: to a file (appended, created owner-only) when
 * SPECREADY_SECURITY_LOG names one, else to standard output, or to a stream (tests).
 */
export function createSecurityLog(
  destination: string | Writable | undefined,
  options: { readonly limits?: SecurityLogLimits; readonly now?: () => number } = {},
): SecurityLog {
  const limits = options.limits ?? SECURITY_LOG_LIMITS;
  const now = options.now ?? Date.now;
  const stream =
    destination === undefined
      ? pino.destination({ dest: 1, sync: false })
      : typeof destination === "string"
        ? pino.destination({ dest: destination, sync: false, mkdir: true, mode: 0o600 })
        : destination;
  const logger: Logger = pino(
    {
      base: { log: "specready-security" },
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  const write = (event: SecurityEvent) => {
    // Refusals, throttling and what was held back are warnings; the rest is information.
    const warn =
      event.event === "signin.failed" ||
      event.event === "signin.throttled" ||
      event.event === "request.refused" ||
      event.event === "password.change_failed" ||
      event.event === "invitation.refused" ||
      event.event === "invitation.refused_unmailed" ||
      event.event === "mail.failed" ||
      event.event === "password_reset.refused" ||
      event.event === "two_factor.failed" ||
      event.event === "security_log.held";
    if (warn) logger.warn(event, event.event);
    else logger.info(event, event.event);
  };

  /** What a network's window counts of one kind of line. */
  interface KindCount {
    written: number;
    held: number;
    readonly subjects: Map<string, number>;
    /** In the shared window (`*`): the networks the held lines came from. */
    readonly networks: Map<string, number>;
  }
  /** A client network's window, by network, in the order they started (`start` never decreases). */
  interface Window {
    readonly address: string;
    readonly start: number;
    readonly kinds: Map<SecurityEvent["event"], KindCount>;
  }
  const windows = new Map<string, Window>();
  /** Lines of each kind written in the current window of all networks together. */
  const kinds = new Map<SecurityEvent["event"], { start: number; written: number }>();
  let sweeping: NodeJS.Timeout | undefined;
  /** When the newest window started. */
  let newest = Number.NEGATIVE_INFINITY;
  /** Over: as long as a window ago, or started in what is now the future (the clock was set back). */
  const over = (start: number, at: number) => at - start >= limits.windowMs || at < start;
  const end = (w: Window) => {
    windows.delete(w.address);
    for (const [of, k] of w.kinds) {
      if (k.held === 0) continue;
      write({
        event: "security_log.held",
        of,
        address: w.address,
        count: k.held,
        since: new Date(w.start).toISOString(),
        windowSeconds: limits.windowMs / 1000,
        subjects: listed(k.subjects).map(([subject, count]) => ({ subject, count })),
        ...(w.address === "*"
          ? { networks: listed(k.networks).map(([network, count]) => ({ network, count })) }
          : {}),
      });
    }
  };
  /** Ends the windows that are over (all of them with `all`), oldest first, writing what they held. */
  const sweep = (all: boolean) => {
    const at = now();
    for (const w of windows.values()) {
      if (!all && !over(w.start, at)) break;
      end(w);
    }
    if (all) kinds.clear();
    if (windows.size === 0 && sweeping !== undefined) {
      clearInterval(sweeping);
      sweeping = undefined;
    }
  };
  /** Whether this line is written: past its shares it is counted instead. */
  const admit = (event: SecurityEvent): boolean => {
    if (!HELD_EVENTS.has(event.event) || !("address" in event)) return true;
    const at = now();
    sweep(false);
    // The clock set back: windows started "later" end now, so that none outlives its minute.
    if (at < newest) sweep(true);
    const network = addressKey(event.address) ?? event.address;
    // Beyond `maxKeys` networks, the others share one window.
    const address = windows.has(network) || windows.size < limits.maxKeys ? network : "*";
    let w = windows.get(address);
    if (w === undefined) {
      w = { address, start: at, kinds: new Map() };
      windows.set(address, w);
      newest = at;
      sweeping ??= setInterval(() => sweep(false), limits.windowMs / 4).unref();
    }
    let k = w.kinds.get(event.event);
    if (k === undefined) {
      k = { written: 0, held: 0, subjects: new Map(), networks: new Map() };
      w.kinds.set(event.event, k);
    }
    let kind = kinds.get(event.event);
    if (kind === undefined || over(kind.start, at)) {
      kind = { start: at, written: 0 };
      kinds.set(event.event, kind);
    }
    if (k.written < limits.perWindow && kind.written < limits.perKind) {
      k.written++;
      kind.written++;
      return true;
    }
    k.held++;
    const subject = subjectOf(event);
    if (subject !== undefined) countListed(k.subjects, subject.slice(0, MAX_SUBJECT));
    if (address === "*") countListed(k.networks, network.slice(0, MAX_SUBJECT));
    return false;
  };

  return {
    record(event) {
      const clamped = clampTexts(event);
      if (!admit(clamped)) return false;
      write(clamped);
      return true;
    },
    flush: () =>
      new Promise<void>((resolve) => {
        sweep(true);
        logger.flush(() => resolve());
      }),
  };
}

/** The account a line names: its email, its user id, or the API token it came with. */
function subjectOf(event: SecurityEvent): string | undefined {
  if ("email" in event && typeof event.email === "string") return event.email;
  if ("userId" in event && typeof event.userId === "string") return event.userId;
  if ("tokenId" in event && typeof event.tokenId === "string") return `token:${event.tokenId}`;
  return undefined;
}

/**
 * Counts `name` among at most `MAX_LISTED` (Space-Saving): a name not kept, when all places are taken,
 * replaces the least counted and takes its count plus one. Any name in more than a `MAX_LISTED`th of
 * the counted lines is kept, however many others an attacker names to hide it (its count may be over
 * by as much as the count it took over).
 */
function countListed(names: Map<string, number>, name: string): void {
  const kept = names.get(name);
  if (kept !== undefined || names.size < MAX_LISTED) {
    names.set(name, (kept ?? 0) + 1);
    return;
  }
  let least: string | undefined;
  let leastCount = Number.POSITIVE_INFINITY;
  for (const [n, c] of names)
    if (c < leastCount) {
      least = n;
      leastCount = c;
    }
  names.delete(least as string);
  names.set(name, leastCount + 1);
}

/** The names counted, the most counted first. */
function listed(names: ReadonlyMap<string, number>): [string, number][] {
  return [...names].sort((a, b) => b[1] - a[1]);
}

/** The event with each text value cut to `MAX_TEXT` characters (the same event when none is longer). */
function clampTexts(event: SecurityEvent): SecurityEvent {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(event)) {
    if (typeof v !== "string" || v.length <= MAX_TEXT) continue;
    out ??= { ...event };
    out[k] = `${v.slice(0, MAX_TEXT)}… (${v.length} characters)`;
  }
  return (out ?? event) as SecurityEvent;
}
