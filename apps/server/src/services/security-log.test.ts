import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSecurityLog, type SecurityEvent, type SecurityLogLimits } from "./security-log.js";

/** A security log written to memory, with its own clock. */
function memoryLog(limits: SecurityLogLimits, clock?: { t: number }) {
  const lines: Record<string, unknown>[] = [];
  const log = createSecurityLog(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const l of chunk.toString("utf8").split("\n")) if (l !== "") lines.push(JSON.parse(l));
        done();
      },
    }),
    { limits, ...(clock ? { now: () => clock.t } : {}) },
  );
  return { log, lines };
}

const refused = (address: string, path = "/api/orgs/x/imports"): SecurityEvent => ({
  event: "request.refused",
  status: 401,
  code: "auth.required",
  method: "GET",
  path,
  address,
});
const failed = (address: string): SecurityEvent => ({
  event: "signin.failed",
  email: "a@example.com",
  address,
  reason: "wrong_password",
});

afterEach(() => {
  vi.useRealTimers();
});

describe("security log", () => {
  it("writes refusals from one address up to its share of a window, then counts them", async () => {
    const clock = { t: Date.parse("2026-12-08T05:00:00Z") };
    const { log, lines } = memoryLog({ perWindow: 3, perKind: 100, windowMs: 60_000, maxKeys: 100 }, clock);
    for (let i = 0; i < 10; i++) log.record(refused("203.0.113.7"));
    expect(lines.map((l) => l.event)).toEqual(["request.refused", "request.refused", "request.refused"]);

    // Another address, another kind of line and lines that are not refusals have shares of their own.
    log.record(refused("198.51.100.2"));
    log.record(failed("203.0.113.7"));
    for (let i = 0; i < 5; i++)
      log.record({ event: "signin.succeeded", userId: "u", email: "a@example.com", address: "203.0.113.7" });
    expect(lines).toHaveLength(3 + 2 + 5);

    // The window over, the next line says how many were held, then is written itself.
    clock.t += 60_000;
    log.record(refused("203.0.113.7"));
    expect(lines.slice(10)).toEqual([
      expect.objectContaining({
        level: "warn",
        event: "security_log.held",
        of: "request.refused",
        address: "203.0.113.7",
        count: 7,
        since: "2026-12-08T05:00:00.000Z",
        windowSeconds: 60,
        subjects: [],
      }),
      expect.objectContaining({ event: "request.refused", address: "203.0.113.7" }),
    ]);
    // The other windows had held nothing: no line for them.
    expect(lines.filter((l) => l.event === "security_log.held")).toHaveLength(1);
    await log.flush();
  });

  it("keeps an IPv6 network's addresses together, and beyond the networks it keeps apart counts the rest together", async () => {
    const clock = { t: 0 };
    const { log, lines } = memoryLog({ perWindow: 1, perKind: 100, windowMs: 60_000, maxKeys: 2 }, clock);
    // One /64: one share, whatever the address.
    for (let i = 0; i < 4; i++) log.record(refused(`2001:db8:0:1::${i}`));
    expect(lines.map((l) => l.address)).toEqual(["2001:db8:0:1::0"]);
    for (let i = 0; i < 6; i++) log.record(refused(`2001:db8:0:${i + 2}::1`));
    // The third network's line is the first of the shared window: written, with its address.
    expect(lines.map((l) => l.address)).toEqual(["2001:db8:0:1::0", "2001:db8:0:2::1", "2001:db8:0:3::1"]);
    // What is held is written at shutdown, by network.
    await log.flush();
    expect(lines.slice(3)).toEqual([
      expect.objectContaining({ event: "security_log.held", address: "2001:db8:0:1::/64", count: 3 }),
      expect.objectContaining({
        event: "security_log.held",
        address: "*",
        count: 4,
        networks: [4, 5, 6, 7].map((n) => ({ network: `2001:db8:0:${n}::/64`, count: 1 })),
      }),
    ]);
  });

  it("frees the places of windows that are over before sharing one", async () => {
    const clock = { t: 0 };
    const { log, lines } = memoryLog({ perWindow: 1, perKind: 100, windowMs: 60_000, maxKeys: 2 }, clock);
    log.record(refused("192.0.2.1"));
    log.record(refused("192.0.2.2"));
    clock.t += 60_000;
    log.record(refused("192.0.2.3"));
    log.record(refused("192.0.2.4"));
    log.record(refused("192.0.2.4"));
    await log.flush();
    expect(lines.map((l) => [l.event, l.address, l.count])).toEqual([
      ["request.refused", "192.0.2.1", undefined],
      ["request.refused", "192.0.2.2", undefined],
      ["request.refused", "192.0.2.3", undefined],
      ["request.refused", "192.0.2.4", undefined],
      ["security_log.held", "192.0.2.4", 1],
    ]);
  });

  it("writes no more of a kind than its share from all networks together", async () => {
    const { log, lines } = memoryLog({ perWindow: 5, perKind: 4, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 10; i++) log.record(refused(`198.51.100.${i}`));
    expect(lines).toHaveLength(4);
    await log.flush();
    expect(lines.filter((l) => l.event === "security_log.held").map((l) => l.count)).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
  });

  it("names the account held lines were about, however many others an attacker names to hide it", async () => {
    const { log, lines } = memoryLog({ perWindow: 30, perKind: 600, windowMs: 60_000, maxKeys: 100 });
    const attempt = (email: string) =>
      log.record({ event: "signin.failed", email, address: "203.0.113.9", reason: "wrong_password" });
    for (let i = 0; i < 30; i++) attempt(`decoy${i}@example.com`);
    // Held from here: first 25 other accounts, taking every place of a list kept first come, first
    // served; then attempts at the victim's account, each between attempts at 4 other new accounts.
    for (let i = 0; i < 25; i++) attempt(`early-${i}@example.com`);
    for (let i = 0; i < 400; i++) {
      attempt(`decoy-${i}@example.com`);
      if (i % 4 === 0) attempt("ceo@victim.example");
    }
    // An account name as long as an email can be is cut in the held line.
    attempt(`${"x".repeat(300)}@example.com`);
    await log.flush();
    const held = lines.at(-1) as { subjects: { subject: string; count: number }[] };
    expect(held).toMatchObject({ event: "security_log.held", count: 25 + 500 + 1 });
    expect(held.subjects).toHaveLength(10);
    expect(held.subjects[0]?.subject).toBe("ceo@victim.example");
    for (const s of held.subjects) expect(s.subject.length).toBeLessThanOrEqual(64);
    expect(held).not.toHaveProperty("networks");
  });

  it("lists the networks whose lines a shared window held, and names API tokens", async () => {
    const { log, lines } = memoryLog({ perWindow: 1, perKind: 100, windowMs: 60_000, maxKeys: 1 });
    log.record(refused("192.0.2.1"));
    for (let i = 0; i < 5; i++) log.record({ ...refused("198.51.100.7"), status: 403, tokenId: "t1" });
    log.record(refused("198.51.100.8"));
    await log.flush();
    expect(lines.at(-1)).toMatchObject({
      event: "security_log.held",
      address: "*",
      count: 5,
      subjects: [{ subject: "token:t1", count: 4 }],
      networks: [
        { network: "198.51.100.7", count: 4 },
        { network: "198.51.100.8", count: 1 },
      ],
    });
  });

  it("starts a kind's share from all networks again after a window", () => {
    const clock = { t: 0 };
    const { log, lines } = memoryLog({ perWindow: 5, perKind: 2, windowMs: 60_000, maxKeys: 100 }, clock);
    for (let i = 0; i < 4; i++) log.record(refused(`192.0.2.${i}`));
    expect(lines).toHaveLength(2);
    clock.t += 60_000;
    log.record(refused("192.0.2.50"));
    expect(lines.at(-1)).toMatchObject({ event: "request.refused", address: "192.0.2.50" });
  });

  it("ends its windows when the clock is set back, and holds nobody for longer than a window", async () => {
    const clock = { t: Date.parse("2026-12-08T05:00:00Z") };
    const { log, lines } = memoryLog({ perWindow: 1, perKind: 1, windowMs: 60_000, maxKeys: 100 }, clock);
    log.record(failed("192.0.2.1"));
    log.record(failed("192.0.2.1"));
    clock.t -= 3_600_000;
    log.record(failed("192.0.2.2"));
    expect(lines.map((l) => [l.event, l.address])).toEqual([
      ["signin.failed", "192.0.2.1"],
      ["security_log.held", "192.0.2.1"],
      ["signin.failed", "192.0.2.2"],
    ]);
    await log.flush();
  });

  it("never holds a failed second factor: it takes the account's password", () => {
    const { log, lines } = memoryLog({ perWindow: 1, perKind: 1, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 5; i++)
      log.record({ event: "two_factor.failed", userId: "u1", address: "192.0.2.1" });
    expect(lines.map((l) => l.event)).toEqual(Array(5).fill("two_factor.failed"));
  });

  it("writes what a window held when it ends, with no line after it", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-12-08T05:00:00Z") });
    const { log, lines } = memoryLog({ perWindow: 2, perKind: 100, windowMs: 10_000, maxKeys: 100 });
    for (let i = 0; i < 5; i++) log.record(failed("192.0.2.1"));
    expect(lines).toHaveLength(2);
    // Written within a quarter of a window of its end.
    vi.advanceTimersByTime(12_500);
    expect(lines.at(-1)).toMatchObject({
      event: "security_log.held",
      of: "signin.failed",
      count: 3,
      subjects: [{ subject: "a@example.com", count: 3 }],
    });
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(3);
    // No window left: no timer either.
    expect(vi.getTimerCount()).toBe(0);
    await log.flush();
  });

  it("cuts a long text (a client's path) to 500 characters and says how long it was", async () => {
    const { log, lines } = memoryLog({ perWindow: 5, perKind: 100, windowMs: 60_000, maxKeys: 100 });
    const path = `/api/${"a".repeat(16_000)}`;
    log.record(refused("192.0.2.9", path));
    expect(lines[0]?.path).toBe(`${path.slice(0, 500)}… (16005 characters)`);
    await log.flush();
  });
});
