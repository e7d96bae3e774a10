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
 * proxy reports, by a stand-in for zxcvbn whose "hang…" passwords are never answered (each fails after
 * `timeoutMs`; see stand-in-estimate-worker.ts). On PGlite only: nothing here depends on the database.
 */
describe("new passwords checked a few at a time per address and one at a time per account", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start("pglite", {
      config: { trustProxy: true },
      passwords: new PasswordEstimator({
        workerUrl: new URL("../../test-support/stand-in-estimate-worker.ts", import.meta.url),
        timeoutMs: 3_000,
      }),
    });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  async function until(condition: () => boolean, what: string): Promise<void> {
    for (let waited = 0; !condition(); waited += 10) {
      if (waited > 10_000) throw new Error(`not within 10 s: ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it("refuses a check past those limits at once with a 429, logs it, and still answers the others", async () => {
    const person = async (name: string) => {
      const user = await createUser(server, name);
      return { email: user.email, client: (await signIn(server, user.email)).client };
    };
    const [ana, ben, cy, dee] = [
      await person("Ana Held"),
      await person("Ben Held"),
      await person("Cy Refused"),
      await person("Dee Other"),
    ];
    const change = (who: typeof ana, newPassword: string, address: string) =>
      who.client.post(
        "/api/session/password",
        { currentPassword: TEST_PASSWORD, newPassword },
        { headers: { "x-forwarded-for": address } },
      );
    const shown = async (r: Response) => `${r.status} ${await errorCode(r)} ${r.headers.get("retry-after")}`;
    const passwords = server.ctx.passwords;

    const held = [change(ana, "hang-ana-0123456789", "203.0.113.5")];
    await until(() => passwords.waiting({ account: ana.email }) === 1, "Ana's check waits");
    // Ana's account has its one check: a second from another address is refused.
    expect(await shown(await change(ana, "strong-ana-0123456789", "198.51.100.9"))).toBe(
      "429 password.check_busy 5",
    );
    held.push(change(ben, "hang-ben-0123456789", "203.0.113.5"));
    await until(
      () => passwords.waiting({ address: "203.0.113.5" }) === 2,
      "two checks wait from 203.0.113.5",
    );
    // The address has its two: a third person there is refused, and it is in the security log.
    expect(await shown(await change(cy, "strong-cy-0123456789", "203.0.113.5"))).toBe(
      "429 password.check_busy 5",
    );
    expect(
      server.securityLines.map((l) => JSON.parse(l)).filter((l) => l.event === "password.check_busy"),
    ).toMatchObject([
      { email: ana.email, address: "198.51.100.9", via: "password-change" },
      { email: cy.email, address: "203.0.113.5", via: "password-change" },
    ]);
    // Another address and account waits its turn behind the two held, and is answered.
    expect((await change(dee, "strong-dee-0123456789", "192.0.2.10")).status).toBe(204);
    const failed = await Promise.all(held);
    expect(await Promise.all(failed.map(shown))).toEqual([
      "503 password.check_unavailable null",
      "503 password.check_unavailable null",
    ]);
    // Nothing was changed by those refused or failed, and each may try again.
    expect((await change(cy, "strong-cy-0123456789", "203.0.113.5")).status).toBe(204);
    expect((await change(ana, "strong-ana-0123456789", "203.0.113.5")).status).toBe(204);
  });
});
