import { describe, expect, it } from "vitest";
import { DEFAULT_THREADS_LIMIT, defaultThreads, parallelSettings } from "./read-input-file.js";

describe("the threads a large usage file is read on by default", () => {
  it("are one core fewer than the machine has, at least one and at most two", () => {
    expect(defaultThreads(1)).toBe(1);
    expect(defaultThreads(2)).toBe(1);
    expect(defaultThreads(3)).toBe(2);
    expect(defaultThreads(16)).toBe(DEFAULT_THREADS_LIMIT);
    expect(parallelSettings().threads).toBe(defaultThreads());
    expect(parallelSettings({ threads: 3 }).threads).toBe(3);
  });
});
