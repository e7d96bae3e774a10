import type { Writable } from "node:stream";
import pino, { type Logger } from "pino";

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
    };

export interface SecurityLog {
  record(event: SecurityEvent): void;
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
export function createSecurityLog(destination: string | Writable | undefined): SecurityLog {
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
  return {
    record(event) {
      // Refusals and throttling are warnings; the rest is information.
      const warn =
        event.event === "signin.failed" ||
        event.event === "signin.throttled" ||
        event.event === "request.refused" ||
        event.event === "password.change_failed" ||
        event.event === "invitation.refused" ||
        event.event === "invitation.refused_unmailed" ||
        event.event === "mail.failed" ||
        event.event === "password_reset.refused" ||
        event.event === "two_factor.failed";
      if (warn) logger.warn(event, event.event);
      else logger.info(event, event.event);
    },
    flush: () =>
      new Promise<void>((resolve) => {
        logger.flush(() => resolve());
      }),
  };
}
