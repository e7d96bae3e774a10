import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { sha256Hex } from "./secrets.js";

/*
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: SHA-1, six digits, a new
 * code every 30 seconds (the otpauth library). A code of the step before or after is accepted, for
 * clocks a little apart; a step once used is refused afterwards (see AccountSecurityRepository.useStep).
 */

const PERIOD = 30;
const ISSUER = "specready";

/** A new random secret (160 bits), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, account: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: account,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** The `otpauth://` URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string): string {
  return totp(secret, account).toString();
}

/** The code at a moment (tests, and nothing else, need to make one). */
export function totpCode(secret: string, at: number): string {
  return totp(secret, "").generate({ timestamp: at });
}

/** The time step a code belongs to, or undefined when it is not the code of now or a step beside it. */
export function totpStep(secret: string, code: string, at: number): number | undefined {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totp(secret, "").validate({ token, timestamp: at, window: 1 });
  return delta === null ? undefined : Math.floor(at / 1000 / PERIOD) + delta;
}

/** Ten recovery codes, each `xxxxx-xxxxx` of lowercase letters and digits (about 50 bits). */
export function newRecoveryCodes(): string[] {
  // 32 characters (no l, o, 0 or 1 to misread), so each byte's low five bits pick one without bias.
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b & 31]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** How a recovery code is stored: the SHA-256 of it without spaces, dashes or capitals. */
export function recoveryCodeHash(code: string): string {
  return sha256Hex(code.toLowerCase().replace(/[\s-]+/g, ""));
}
