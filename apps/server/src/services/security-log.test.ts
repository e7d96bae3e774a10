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
    const { log, lines } = memoryLog({ perWindow: 3, windowMs: 60_000, maxKeys: 100 }, clock);
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
      }),
      expect.objectContaining({ event: "request.refused", address: "203.0.113.7" }),
    ]);
    // The other windows had held nothing: no line for them.
    expect(lines.filter((l) => l.event === "security_log.held")).toHaveLength(1);
    await log.flush();
  });

  it("counts the lines of addresses beyond those it keeps apart together", async () => {
    const { log, lines } = memoryLog({ perWindow: 1, windowMs: 60_000, maxKeys: 2 });
    for (let i = 0; i < 6; i++) log.record(refused(`2001:db8::${i}`));
    // The third address's line is the first of the shared window: written, with its address.
    expect(lines.map((l) => l.address)).toEqual(["2001:db8::0", "2001:db8::1", "2001:db8::2"]);
    // What is held is written at shutdown.
    await log.flush();
    expect(lines.at(-1)).toMatchObject({ event: "security_log.held", address: "*", count: 3 });
  });

  it("writes what a window held when it ends, with no line after it", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-12-08T05:00:00Z") });
    const { log, lines } = memoryLog({ perWindow: 2, windowMs: 10_000, maxKeys: 100 });
    for (let i = 0; i < 5; i++) log.record(failed("192.0.2.1"));
    expect(lines).toHaveLength(2);
    vi.advanceTimersByTime(10_000);
    expect(lines.at(-1)).toMatchObject({ event: "security_log.held", of: "signin.failed", count: 3 });
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(3);
    await log.flush();
  });

  it("cuts a long text (a client's path) to 500 characters and says how long it was", async () => {
    const { log, lines } = memoryLog({ perWindow: 5, windowMs: 60_000, maxKeys: 100 });
    const path = `/api/${"a".repeat(16_000)}`;
    log.record(refused("192.0.2.9", path));
    expect(lines[0]?.path).toBe(`${path.slice(0, 500)}… (16005 characters)`);
    await log.flush();
  });
});
