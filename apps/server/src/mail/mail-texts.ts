import type { MailMessage } from "./mailer.js";

/** The invitation e-mail: who invites, to which organization and role, the link and when it expires. */
export function invitationMail(input: {
  to: string;
  organizationName: string;
  inviterName: string;
  role: string;
  url: string;
  expiresAt: string;
}): MailMessage {
  const until = new Date(input.expiresAt).toUTCString();
  return {
    to: input.to,
    subject: `Invitation to ${input.organizationName} on specready`,
    text: [
      `${input.inviterName} invites you to join ${input.organizationName} on specready as ${input.role}.`,
      "",
      "Open this link to accept (it works once, and only for this address):",
      input.url,
      "",
      `The link expires on ${until}.`,
      "If you did not expect this invitation, ignore this e-mail: nothing happens without the link.",
    ].join("\n"),
  };
}

/** The "forgot password" e-mail: the one-time link and how long it works. */
export function passwordResetMail(input: { to: string; url: string; minutes: number }): MailMessage {
  return {
    to: input.to,
    subject: "Choose a new specready password",
    text: [
      "Someone (we hope you) asked to choose a new password for the specready account of this address.",
      "",
      `Open this link to choose one (it works once, within ${input.minutes} minutes):`,
      input.url,
      "",
      "If you did not ask for this, ignore this e-mail: your password stays as it is.",
    ].join("\n"),
  };
}

/**
 * A reminder or digest e-mail: its lines, a link to specready, and how to switch it off (one click,
 * no sign-in), also as the List-Unsubscribe header mail clients offer as a button (RFC 2369, RFC 8058).
 */
export function reminderMail(input: {
  to: string;
  subject: string;
  lines: readonly string[];
  appUrl: string;
  topic: string;
  unsubscribeUrl: string;
  /** The recipient's "Your reminders" page in the organization, where every kind is switched. */
  preferencesUrl: string;
}): MailMessage {
  return {
    to: input.to,
    subject: input.subject,
    text: [
      ...input.lines,
      "",
      `Open specready: ${input.appUrl}`,
      "",
      `You get this because reminders of this kind (${input.topic}) are on for you.`,
      `Switch them off (one click, no sign-in needed): ${input.unsubscribeUrl}`,
      `Or choose which reminders you get on Your reminders: ${input.preferencesUrl}`,
    ].join("\n"),
    headers: {
      "List-Unsubscribe": `<${input.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

/** The e-mail that verifies an account's address: the one-time link and how long it works. */
export function emailVerificationMail(input: { to: string; url: string; minutes: number }): MailMessage {
  return {
    to: input.to,
    subject: "Verify your specready address",
    text: [
      "Someone (we hope you) asked to verify that this address belongs to their specready account.",
      "",
      `Open this link to verify it (it works once, within ${input.minutes} minutes):`,
      input.url,
      "",
      "If you did not ask for this, ignore this e-mail.",
    ].join("\n"),
  };
}
