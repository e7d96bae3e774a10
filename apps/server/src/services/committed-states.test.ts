import type { CalendarDate, Evaluation } from "@specready/core";
import { afterEach, describe, expect, it } from "vitest";
import { type CommittedState, CommittedStates } from "./committed-states.js";

const today = "2026-12-07" as CalendarDate;

function state(dataVersion: number, overrides: Partial<CommittedState> = {}): CommittedState {
  return {
    dataVersion,
    today,
    programId: "ai-ml-azure-fy24",
    evaluation: { requirements: [] } as unknown as Evaluation,
    usageInEffect: new Map(),
    ...overrides,
  };
}

describe("what the last import of an organization left", () => {
  let states: CommittedStates | undefined;
  afterEach(() => {
    for (const org of ["a", "b", "c", "d", "e"]) states?.forget(org);
  });

  it("is found only at its data version, on its day, for its program", () => {
    states = new CommittedStates();
    const kept = state(7);
    states.remember("a", kept);
    expect(states.find("a", 7, today, "ai-ml-azure-fy24")).toBe(kept);
    expect(states.find("a", 7, today, "another-program")).toBeUndefined();
    expect(states.find("b", 7, today, "ai-ml-azure-fy24")).toBeUndefined();
    // Still there: another program's import does not make it wrong.
    expect(states.find("a", 7, today, "ai-ml-azure-fy24")).toBe(kept);
  });

  it("is dropped once the organization changed since, or the day did", () => {
    states = new CommittedStates();
    states.remember("a", state(7));
    expect(states.find("a", 8, today, "ai-ml-azure-fy24")).toBeUndefined();
    expect(states.size).toBe(0);
    states.remember("b", state(3));
    expect(states.find("b", 3, "2026-12-08" as CalendarDate, "ai-ml-azure-fy24")).toBeUndefined();
    expect(states.size).toBe(0);
  });

  it("keeps the latest import's state of an organization, and a bounded number of organizations", () => {
    states = new CommittedStates(2, 60_000);
    states.remember("a", state(1));
    states.remember("a", state(2));
    expect(states.find("a", 1, today, "ai-ml-azure-fy24")).toBeUndefined();
    states.remember("a", state(2));
    states.remember("b", state(5));
    states.remember("c", state(9));
    expect(states.size).toBe(2);
    // The oldest went first.
    expect(states.find("a", 2, today, "ai-ml-azure-fy24")).toBeUndefined();
    expect(states.find("b", 5, today, "ai-ml-azure-fy24")?.dataVersion).toBe(5);
    expect(states.find("c", 9, today, "ai-ml-azure-fy24")?.dataVersion).toBe(9);
  });

  it("is dropped after a while, so its summaries do not stay in memory", async () => {
    states = new CommittedStates(4, 20);
    states.remember("a", state(1));
    expect(states.size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(states.size).toBe(0);
    expect(states.find("a", 1, today, "ai-ml-azure-fy24")).toBeUndefined();
  });
});
