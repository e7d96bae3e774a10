import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CoverProblem, greedyCover, solveCover } from "./cover-solver.js";

/** A register as the solver sees it: candidates covering random targets, random requirements. */
function problemArb(maxCandidates: number, maxTargets: number): fc.Arbitrary<CoverProblem> {
  return fc.integer({ min: 1, max: maxTargets }).chain((targets) =>
    fc.record({
      targets: fc.constant(targets),
      required: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: targets, maxLength: targets }),
      candidates: fc.array(
        fc.record({
          covers: fc.uniqueArray(fc.integer({ min: 0, max: targets - 1 }), { maxLength: targets }),
          weight: fc.integer({ min: 0, max: 50 }),
        }),
        { maxLength: maxCandidates },
      ),
    }),
  );
}

function isCover(problem: CoverProblem, chosen: readonly number[], shortfall: readonly number[]): boolean {
  for (let t = 0; t < problem.targets; t++) {
    const n = chosen.filter((i) => problem.candidates[i]?.covers.includes(t)).length;
    if (n < (problem.required[t] ?? 0) - (shortfall[t] ?? 0)) return false;
  }
  return true;
}

/** Every subset, smallest first, then the heaviest: the answer the solver must equal. */
function bruteForce(problem: CoverProblem, shortfall: readonly number[]): { size: number; weight: number } {
  const n = problem.candidates.length;
  let best = { size: Number.POSITIVE_INFINITY, weight: -1 };
  for (let mask = 0; mask < 1 << n; mask++) {
    const chosen: number[] = [];
    for (let i = 0; i < n; i++) if (mask & (1 << i)) chosen.push(i);
    if (!isCover(problem, chosen, shortfall)) continue;
    const weight = chosen.reduce((s, i) => s + (problem.candidates[i]?.weight ?? 0), 0);
    if (chosen.length < best.size || (chosen.length === best.size && weight > best.weight))
      best = { size: chosen.length, weight };
  }
  return best;
}

describe("solveCover", () => {
  it("equals brute force on small registers: the fewest candidates, then the largest weight", () => {
    fc.assert(
      fc.property(problemArb(10, 6), (problem) => {
        const solution = solveCover(problem);
        expect(solution.exact).toBe(true);
        expect(isCover(problem, solution.chosen, solution.shortfall)).toBe(true);
        const best = bruteForce(problem, solution.shortfall);
        expect(solution.chosen.length).toBe(best.size);
        expect(solution.weight).toBe(best.weight);
      }),
      { numRuns: 400 },
    );
  });

  it("is never larger than a greedy cover, whatever the greedy's tie-breaks", () => {
    fc.assert(
      fc.property(problemArb(25, 14), fc.integer(), (problem, seed) => {
        const solution = solveCover(problem);
        const order = problem.candidates.map((_, i) => ((i + 1) * 2654435761 + seed) % 1000003);
        const greedy = greedyCover(problem, (a, b) => (order[a] ?? 0) - (order[b] ?? 0));
        expect(isCover(problem, greedy, solution.shortfall)).toBe(true);
        expect(solution.chosen.length).toBeLessThanOrEqual(greedy.length);
      }),
      { numRuns: 300 },
    );
  });

  it("reports what no choice can cover, and says when the node budget stopped the proof", () => {
    const problem: CoverProblem = {
      targets: 2,
      required: [3, 1],
      candidates: [
        { covers: [0, 1], weight: 1 },
        { covers: [0], weight: 2 },
      ],
    };
    const solution = solveCover(problem);
    expect(solution.shortfall).toEqual([1, 0]);
    expect(solution.chosen).toEqual([0, 1]);
    const many: CoverProblem = {
      targets: 14,
      required: Array.from({ length: 14 }, () => 3),
      candidates: Array.from({ length: 60 }, (_, i) => ({
        covers: Array.from({ length: 14 }, (_, t) => t).filter((t) => (i * 7 + t * 3) % 5 < 2),
        weight: i % 7,
      })),
      nodeLimit: 5,
    };
    const capped = solveCover(many);
    expect(capped.exact).toBe(false);
    expect(isCover(many, capped.chosen, capped.shortfall)).toBe(true);
  });
});
