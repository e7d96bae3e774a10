import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random secret: 256 bits, URL-safe, with a prefix that says what it is ("sr_" for API tokens). */
export function newSecret(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
