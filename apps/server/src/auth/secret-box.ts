import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSecretKey } from "../config/secret-key.js";

/*
 * Secrets the server must read back (the TOTP secrets of two-factor sign-in) are kept encrypted at rest:
 * AES-256-GCM, a fresh 96-bit IV each time, the key's id (the first 8 hex digits of its SHA-256) in front
 * so a server holding another key says so instead of failing obscurely. The key is SPECREADY_SECRET_KEY
 * (32 bytes, base64 or hex), or one generated once into `<data directory>/secret.key` (0600). Several
 * servers on one database need the same key: set SPECREADY_SECRET_KEY on each, or share the directory.
 * A value stored before encryption (no `enc1:` prefix) is read as it is, and sealed by its first reader.
 */

const PREFIX = "enc1:";

export class SecretKeyMismatch extends Error {
  constructor(readonly keyId: string) {
    super(
      `a secret was encrypted with another key (id ${keyId}): give every server the same SPECREADY_SECRET_KEY`,
    );
  }
}

export class SecretBox {
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("the secret key must be 32 bytes");
    this.keyId = createHash("sha256").update(key).digest("hex").slice(0, 8);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${PREFIX}${this.keyId}:${iv.toString("base64url")}:${tag.toString("base64url")}:${body.toString("base64url")}`;
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  /** The plain value: decrypted, or as stored when it predates encryption. */
  open(stored: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const [keyId, iv, tag, body] = stored.slice(PREFIX.length).split(":");
    if (keyId !== this.keyId) throw new SecretKeyMismatch(keyId ?? "");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv ?? "", "base64url"));
    decipher.setAuthTag(Buffer.from(tag ?? "", "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body ?? "", "base64url")), decipher.final()]).toString(
      "utf8",
    );
  }
}

/**
 * The key: the configured one, or the data directory's `secret.key`, generated (0600, never replaced)
 * the first time. Two servers starting at once on one directory both end up reading the one written.
 */
export function loadSecretBox(configured: Buffer | undefined, dataDir: string): SecretBox {
  if (configured !== undefined) return new SecretBox(configured);
  const file = join(dataDir, "secret.key");
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = parseSecretKey(readFileSync(file, "utf8"));
  if (key === undefined) throw new Error(`${file} does not hold a 32-byte key (64 hex digits)`);
  return new SecretBox(key);
}
