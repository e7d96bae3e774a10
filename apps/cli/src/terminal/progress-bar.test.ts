import { describe, expect, it } from "vitest";
import { ProgressBar } from "./progress-bar.js";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { write: (s: string) => writes.push(s), isTTY, columns: 100 } };
}

describe("ProgressBar", () => {
  it("draws on a terminal at most ten times a second, always the last update, and clears its line", () => {
    const { writes, stream: s } = stream(true);
    let now = 0;
    const bar = new ProgressBar(s, "Reading", () => now);
    bar.update(10, 100, "azure-usage.csv");
    now = 50;
    bar.update(20, 100); // too soon: skipped
    now = 200;
    bar.update(100, 100);
    bar.clear();
    expect(writes).toHaveLength(3);
    expect(writes[0]).toMatch(/^\rReading █+░+ {2}10% 1 KB of 1 KB azure-usage\.csv/);
    expect(writes[1]).toContain("100%");
    expect(writes[2]).toBe("\r\u001b[2K");
  });

  it("writes nothing when the stream is not a terminal", () => {
    const { writes, stream: s } = stream(false);
    const bar = new ProgressBar(s, "Reading", () => 0);
    bar.update(1, 2);
    bar.clear();
    expect(writes).toEqual([]);
  });
});
