import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PasswordEstimator } from "../../auth/password-strength.js";
import {
  createUser,
  errorCode,
  STARTUP_TIMEOUT,
  signIn,
  TEST_PASSWORD,
  TestServer,
} from "../../test-support/test-server.js";

/*
 * The estimator's limits as people meet them: new passwords checked over HTTP, from addresses a trusted
 * proxy reports, by a stand-in for zxcvbn whose "hang…" passwords are never answered (see
 * stand-in-estimate-worker.ts). On PGlite only: nothing here depends on the database.
 */
describe("new passwords checked a few at a time per address", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start("pglite", {
      config: { trustProxy: true },
      passwords: new PasswordEstimator({
        workerUrl: new URL("../../test-support/stand-in-estimate-worker.ts", import.meta.url),
        timeoutMs: 1_000,
      }),
    });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  it("refuses a third check at once from one address with a 429, and still answers another address", async () => {
    const [mine, theirs] = [await createUser(server, "Hana Holder"), await createUser(server, "Ola Other")];
    const [me, them] = [await signIn(server, mine.email), await signIn(server, theirs.email)];
    const from = (address: string) => ({ headers: { "x-forwarded-for": address } });
    const change = (who: typeof me, newPassword: string, address: string) =>
      who.client.post(
        "/api/session/password",
        { currentPassword: TEST_PASSWORD, newPassword },
        from(address),
      );

    const held = [
      change(me, "hang-one-0123456789", "203.0.113.5"),
      change(me, "hang-two-0123456789", "203.0.113.5"),
    ];
    // Both are waiting for the estimator (the current password is checked first, by argon2).
    for (let waited = 0; server.ctx.passwords.waiting("203.0.113.5") < 2; waited += 10) {
      if (waited > 10_000) throw new Error("the two checks did not reach the estimator within 10 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    const third = await change(me, "strong-three-0123456789", "203.0.113.5");
    expect(`${third.status} ${await errorCode(third)}`).toBe("429 password.check_busy");
    expect(third.headers.get("retry-after")).toBe("5");
    // Another address waits its turn behind the two held (each fails after 1 s), and is answered.
    const other = await change(them, "strong-other-0123456789", "198.51.100.7");
    expect(other.status).toBe(204);
    const failed = await Promise.all(held);
    expect(await Promise.all(failed.map(async (r) => `${r.status} ${await errorCode(r)}`))).toEqual([
      "503 password.check_unavailable",
      "503 password.check_unavailable",
    ]);
    // Nothing was changed by the refused ones: the current password still works, and the address may try again.
    const again = await change(me, "strong-again-0123456789", "203.0.113.5");
    expect(again.status).toBe(204);
  });
});
