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
    // 200 characters with no pattern: the dictionaries load, then the longest estimate there is.
    const long = Array.from({ length: 200 }, (_, i) => String.fromCharCode(33 + ((i * 37) % 90))).join("");
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    try {
      await expect(passwordProblem(long, person, e)).resolves.toBeUndefined();
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    // On the caller's thread no timer could fire until the estimate was over: one gap of all of it.
    expect(longestGap).toBeLessThan(took / 2);
  });
});

const standIn = new URL("../test-support/stand-in-estimate-worker.ts", import.meta.url);
const outcome = (p: Promise<{ score: number }>) =>
  p.then(
    (a) => a.score,
    (error: unknown) => error,
  );

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

  it("fails only the estimate the thread does not answer in time, and goes on with the others on a new thread", async () => {
    const e = estimator({ workerUrl: standIn, timeoutMs: 1_500 });
    await expect(e.estimate("warm-up", [])).resolves.toMatchObject({ score: 4 });
    const outcomes = await Promise.all(
      ["hang", "weak one", "strong one"].map((password) => outcome(e.estimate(password, []))),
    );
    expect(outcomes[0]).toBeInstanceOf(AppError);
    expect(outcomes[0]).toMatchObject({ status: 503, code: "password.check_unavailable" });
    // Waiting behind the stuck one did not count against them: each had its own time once given.
    expect(outcomes.slice(1)).toEqual([1, 4]);
    expect(e.running).toBe(true);
  });

  it("fails the estimate of a thread that dies, and answers the next one", async () => {
    const e = estimator({ workerUrl: standIn });
    const [crashed, next] = await Promise.all([outcome(e.estimate("crash", [])), e.estimate("weak", [])]);
    expect(crashed).toMatchObject({ status: 503, code: "password.check_unavailable" });
    expect(next).toMatchObject({ score: 1, warning: "stand-in warning" });
  });

  it("refuses an estimate past those it lets wait, the running one included, and answers the others", async () => {
    const e = estimator({ workerUrl: standIn, maxWaiting: 2 });
    const outcomes = await Promise.all(
      ["strong", "weak", "strong again"].map((p) => outcome(e.estimate(p, []))),
    );
    expect(outcomes.slice(0, 2)).toEqual([4, 1]);
    expect(outcomes[2]).toMatchObject({ status: 503, code: "password.check_unavailable" });
  });

  it("holds an address and an account to their own few estimates at once, and answers everyone else meanwhile", async () => {
    const e = estimator({ workerUrl: standIn, timeoutMs: 1_000 });
    const from = (address: string | undefined, account: string) => ({ address, account });
    const held = [
      outcome(e.estimate("hang 1", [], from("203.0.113.5", "ana@example.com"))),
      outcome(e.estimate("hang 2", [], from("203.0.113.5", "ben@example.com"))),
    ];
    // A third from that address, and a second for that account from anywhere: refused at once.
    const refused = await Promise.all([
      outcome(e.estimate("strong", [], from("203.0.113.5", "cy@example.com"))),
      outcome(e.estimate("strong", [], from("198.51.100.7", "ana@example.com"))),
    ]);
    for (const r of refused) {
      expect(r).toBeInstanceOf(AppError);
      expect(r).toMatchObject({ status: 429, code: "password.check_busy", extra: { retryAfterSeconds: 5 } });
    }
    expect(e.waiting({ address: "203.0.113.5" })).toBe(2);
    expect(e.waiting({ account: "ana@example.com" })).toBe(1);
    // Another address and account, one with no address known, and the command line's: answered in turn.
    const others = Promise.all([
      outcome(e.estimate("strong", [], from("198.51.100.7", "dee@example.com"))),
      outcome(e.estimate("weak", [], from(undefined, "eve@example.com"))),
      outcome(e.estimate("weak", [])),
    ]);
    // The two that hung failed on their own.
    await expect(Promise.all(held)).resolves.toMatchObject([{ status: 503 }, { status: 503 }]);
    await expect(others).resolves.toEqual([4, 1, 1]);
    // Answered or failed, an estimate no longer counts against its address or account.
    expect([e.waiting({ address: "203.0.113.5" }), e.waiting({ account: "ana@example.com" })]).toEqual([
      0, 0,
    ]);
    await expect(
      Promise.all([
        outcome(e.estimate("a", [], from("203.0.113.5", "ana@example.com"))),
        outcome(e.estimate("b", [], from("203.0.113.5", "ben@example.com"))),
      ]),
    ).resolves.toEqual([4, 4]);
  });

  it("counts a request's account by its email in any case, and its network by addressKey (none when not known)", async () => {
    const e = estimator({ workerUrl: standIn, timeoutMs: 1_000 });
    const check = (email: string, address: string) =>
      outcome(passwordProblem("hang-0123456789", { email }, e, address) as Promise<never>);
    const held = [check("Ana@Example.com", "unknown"), check("ben@example.com", "2001:db8:1:2::a")];
    // The same account, its email written otherwise, from an address not known: refused at once.
    const anaAgain = await check("ana@example.COM", "unknown");
    // The same IPv6 network, from other addresses of it: the first waits, the second is past the two.
    const cy = check("cy@example.com", "2001:db8:1:2::b");
    const dee = await check("dee@example.com", "[2001:db8:1:2::c]:443");
    expect([anaAgain, dee]).toMatchObject([{ code: "password.check_busy" }, { code: "password.check_busy" }]);
    expect(e.waiting({ account: "cy@example.com" })).toBe(1);
    // Addresses not known share no place: another account from one is not refused.
    expect(e.waiting({ account: "eve@example.com" })).toBe(0);
    const eve = check("eve@example.com", "unknown");
    expect(e.waiting({ account: "eve@example.com" })).toBe(1);
    await Promise.all([...held, cy, eve]);
  });

  it("gives an address and an account back their places when the thread dies or the estimator closes", async () => {
    const e = estimator({ workerUrl: standIn });
    const from = { address: "203.0.113.5", account: "ana@example.com" };
    await expect(e.estimate("crash", [], from)).rejects.toMatchObject({ status: 503 });
    expect([e.waiting({ address: from.address }), e.waiting({ account: from.account })]).toEqual([0, 0]);
    const pending = outcome(e.estimate("hang", [], from));
    expect(e.waiting({ account: from.account })).toBe(1);
    await e.close();
    await expect(pending).resolves.toMatchObject({ status: 503 });
    expect([e.waiting({ address: from.address }), e.waiting({ account: from.account }), e.waiting()]).toEqual(
      [0, 0, 0],
    );
  });

  it("fails what is waiting when closed, and refuses estimates after", async () => {
    const e = estimator();
    const pending = outcome(e.estimate("quokka-Lantern-7319-river", []));
    await e.close();
    await expect(pending).resolves.toMatchObject({ status: 503 });
    await expect(e.estimate("quokka-Lantern-7319-river", [])).rejects.toMatchObject({ status: 503 });
    expect(e.running).toBe(false);
  });
});
