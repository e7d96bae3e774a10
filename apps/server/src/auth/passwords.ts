import argon2 from "argon2";

/**
 * argon2id with the parameters OWASP recommends for interactive sign-in (19 MiB, 2 passes, 1 lane):
 * a stolen database costs an attacker ~50 ms per guess per core while a sign-in stays fast.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal which emails exist. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("specready-no-such-account");
  return dummyHash;
}
