import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.js";
import { PasswordEstimator, passwordProblem } from "./password-strength.js";

const person = { email: "dana.lee@contoso.example", name: "Dana Lee" };
const estimators: PasswordEstimator[] = [];
function estimator(options: ConstructorParameters<typeof PasswordEstimator>[0] = {}) {
  const e = new PasswordEstimator(options);
  estimators.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(estimators.splice(0).map((e) => e.close()));
});

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error(`not within 10 s: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("passwordProblem", () => {
  it("says what is wrong with a weak password, and nothing of a strong one", async () => {
    const e = estimator();
    await expect(passwordProblem("short", person, e)).resolves.toBe("must be at least 12 characters");
    await expect(passwordProblem("x".repeat(201), person, e)).resolves.toBe("must be at most 200 characters");
    await expect(passwordProblem("my-dana.lee-secret-42", person, e)).resolves.toBe(
      "must not contain your email address or your name",
    );
    await expect(passwordProblem("password1234", person, e)).resolves.toMatch(
      /^is too easy to guess: .*commonly used password/,
    );
    await expect(passwordProblem("aaaaaaaaaaaa", person, e)).resolves.toMatch(
      /^is too easy to guess: repeated characters/i,
    );
    await expect(passwordProblem("quokka-Lantern-7319-river", person, e)).resolves.toBeUndefined();
  });

  it("estimates on a thread of its own: the dictionaries are never loaded on the caller's thread", async () => {
    const e = estimator();
    await expect(passwordProblem("quokka-Lantern-7319-river", person, e)).resolves.toBeUndefined();
    expect(e.running).toBe(true);
    const loadedHere = Object.keys(createRequire(import.meta.url).cache).filter((k) =>
      k.includes("@zxcvbn-ts"),
    );
    expect(loadedHere).toEqual([]);
  });

  it("keeps the caller's thread answering while a long password is estimated", async () => {
    const e = estimator();
    // 200 characters with no pattern: zxcvbn takes seconds on one core, after loading its dictionaries.
    const long = Array.from({ length: 200 }, (_, i) => String.fromCharCode(33 + ((i * 37) % 90))).join("");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      await expect(passwordProblem(long, person, e)).resolves.toBeUndefined();
    } finally {
      clearInterval(timer);
    }
    // On the caller's thread no timer could fire until the estimate was over.
    expect(ticks).toBeGreaterThan(5);
  });
});

describe("PasswordEstimator", () => {
  it("ends its thread once idle, and starts another when asked again", async () => {
    const e = estimator({ idleMs: 50 });
    const first = await e.estimate("quokka-Lantern-7319-river", []);
    expect(first.score).toBeGreaterThanOrEqual(3);
    expect(e.running).toBe(true);
    await until(() => !e.running, "the idle thread ends");
    const again = await e.estimate("password1234", []);
    expect(again.score).toBeLessThan(3);
    expect(again.warning).toMatch(/commonly used password/);
  });

  it("fails an estimate not answered in time with a 503, ending the thread", async () => {
    const e = estimator({ timeoutMs: 1 });
    const failed = await e.estimate("quokka-Lantern-7319-river", []).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(AppError);
    expect(failed).toMatchObject({ status: 503, code: "password.check_unavailable" });
    expect(e.running).toBe(false);
  });

  it("refuses an estimate past those it lets wait, and answers the others", async () => {
    const e = estimator({ maxWaiting: 2 });
    const answers = [
      e.estimate("quokka-Lantern-7319-river", []),
      e.estimate("password1234", []),
      e.estimate("aaaaaaaaaaaa", []),
    ].map((p) =>
      p.then(
        (a) => a.score,
        (error: unknown) => error,
      ),
    );
    const [strong, common, refused] = await Promise.all(answers);
    expect(strong).toBeGreaterThanOrEqual(3);
    expect(common).toBeLessThan(3);
    expect(refused).toMatchObject({ status: 503, code: "password.check_unavailable" });
  });

  it("fails what is waiting when closed", async () => {
    const e = estimator();
    const pending = e.estimate("quokka-Lantern-7319-river", []).catch((error: unknown) => error);
    await e.close();
    await expect(pending).resolves.toMatchObject({ status: 503 });
    expect(e.running).toBe(false);
  });
});
