/*
 * The reference allocation is a weighted multi-cover problem: pick the fewest candidates (customers) so
 * that every target (audit control) is covered by at least its required number of distinct chosen
 * candidates; among sets of that size, the one with the largest total weight (the preferences).
 *
 * Solved exactly by depth-first branch and bound, started from the greedy cover so the answer is never
 * worse than greedy:
 * - branch on the target with the least slack (eligible candidates left minus what it still needs), over
 *   its candidates by weight, each branch excluding the siblings tried before it;
 * - a sibling is skipped when one tried before it dominates it (covers every target still short that it
 *   covers, with at least its weight): swapping them never makes a solution worse, so the earlier branch
 *   already holds an answer as good (targets are bit sets, 30 to a word, so this and the bounds are a
 *   pass of word operations over the candidates);
 * - the size bound is the larger of the biggest shortfall and the fewest candidates whose coverages of
 *   what is still short, largest first, add up to the shortfalls; at equal size, the weight bound is the
 *   best weights still available among candidates that cover something short.
 * A node budget keeps the answer's time bounded: past it the best cover found is returned as not proven
 * optimal (`exact: false`).
 */

/** One candidate: the targets it can serve and its preference weight (a non-negative integer). */
export interface CoverCandidate {
  readonly covers: readonly number[];
  readonly weight: number;
}

export interface CoverProblem {
  readonly targets: number;
  /** Per target, how many distinct chosen candidates must cover it. */
  readonly required: readonly number[];
  readonly candidates: readonly CoverCandidate[];
  /** Search nodes before the answer is returned as not proven optimal (default 2,000,000). */
  readonly nodeLimit?: number | undefined;
}

export interface CoverSolution {
  /** Indexes of the chosen candidates, ascending. */
  readonly chosen: readonly number[];
  readonly weight: number;
  /** Proven smallest, and of the largest weight among the smallest. */
  readonly exact: boolean;
  /** The largest shortfall of any target, a lower bound no cover can beat. */
  readonly lowerBound: number;
  readonly nodes: number;
  /** Per target, the required count that no choice can reach (eligible candidates short); zero when coverable. */
  readonly shortfall: readonly number[];
}

const DEFAULT_NODE_LIMIT = 2_000_000;

/** Required counts capped at what the eligible candidates can give, and the part that cannot be covered. */
function coverable(problem: CoverProblem): { need: Int32Array; shortfall: number[] } {
  const eligible = new Int32Array(problem.targets);
  for (const c of problem.candidates) for (const t of new Set(c.covers)) eligible[t] = (eligible[t] ?? 0) + 1;
  const need = new Int32Array(problem.targets);
  const shortfall: number[] = [];
  for (let t = 0; t < problem.targets; t++) {
    const r = problem.required[t] ?? 0;
    const e = eligible[t] ?? 0;
    need[t] = Math.min(r, e);
    shortfall.push(Math.max(0, r - e));
  }
  return { need, shortfall };
}

function uniqueCovers(problem: CoverProblem): number[][] {
  return problem.candidates.map((c) => [...new Set(c.covers)].filter((t) => t >= 0 && t < problem.targets));
}

/**
 * A greedy cover: repeatedly the candidate covering the most targets still short, ties broken by
 * `tieBreak` (default: larger weight, then lower index).
 */
export function greedyCover(
  problem: CoverProblem,
  tieBreak: (a: number, b: number) => number = (a, b) =>
    (problem.candidates[b]?.weight ?? 0) - (problem.candidates[a]?.weight ?? 0) || a - b,
): number[] {
  const covers = uniqueCovers(problem);
  const { need } = coverable(problem);
  const chosen = new Set<number>();
  for (;;) {
    let best = -1;
    let bestGain = 0;
    for (let i = 0; i < covers.length; i++) {
      if (chosen.has(i)) continue;
      let gain = 0;
      for (const t of covers[i] as number[]) if ((need[t] ?? 0) > 0) gain++;
      if (gain > bestGain || (gain === bestGain && gain > 0 && tieBreak(i, best) < 0)) {
        best = i;
        bestGain = gain;
      }
    }
    if (best < 0) break;
    chosen.add(best);
    for (const t of covers[best] as number[]) if ((need[t] ?? 0) > 0) need[t] = (need[t] ?? 0) - 1;
  }
  return [...chosen].sort((a, b) => a - b);
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Targets are held 30 to a word: a candidate's covers and the targets still short are bit sets. */
const BITS = 30;

/** The exact cover (see the file's comment), or the best found within the node budget. */
export function solveCover(problem: CoverProblem): CoverSolution {
  const n = problem.candidates.length;
  const T = problem.targets;
  const W = Math.max(1, Math.ceil(T / BITS));
  const covers = uniqueCovers(problem);
  const weights = problem.candidates.map((c) => c.weight);
  const { need, shortfall } = coverable(problem);
  const limit = problem.nodeLimit ?? DEFAULT_NODE_LIMIT;
  const masks = new Int32Array(n * W);
  covers.forEach((cs, i) => {
    for (const t of cs) {
      const k = i * W + Math.floor(t / BITS);
      masks[k] = (masks[k] as number) | (1 << (t % BITS));
    }
  });
  // Candidates per target, heaviest first (ties by index), so good covers are met early.
  const byTarget: number[][] = Array.from({ length: T }, () => []);
  for (let i = 0; i < n; i++) for (const t of covers[i] as number[]) byTarget[t]?.push(i);
  for (const list of byTarget) list.sort((a, b) => (weights[b] as number) - (weights[a] as number) || a - b);
  const byWeight = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (weights[b] as number) - (weights[a] as number) || a - b,
  );

  const greedy = greedyCover(problem);
  let bestSet = greedy;
  let bestSize = greedy.length;
  let bestWeight = greedy.reduce((s, i) => s + (weights[i] as number), 0);
  let lowerBound = 0;
  for (let t = 0; t < T; t++) lowerBound = Math.max(lowerBound, need[t] ?? 0);

  const state = new Uint8Array(n); // 0 free, 1 chosen, 2 excluded
  const deficit = Int32Array.from(need);
  const deficitMask = new Int32Array(W);
  const free = new Int32Array(T);
  const hist = new Int32Array(T + 1);
  const stack: number[] = [];
  let weight = 0;
  let nodes = 0;
  let aborted = false;

  /** The candidate's targets that are still short. */
  const useful = (i: number, w: number) => (masks[i * W + w] as number) & (deficitMask[w] as number);

  const search = (): void => {
    if (aborted) return;
    if (++nodes > limit) {
      aborted = true;
      return;
    }
    let sum = 0;
    let maxDef = 0;
    deficitMask.fill(0);
    for (let t = 0; t < T; t++) {
      const d = deficit[t] as number;
      if (d > 0) {
        sum += d;
        if (d > maxDef) maxDef = d;
        const k = Math.floor(t / BITS);
        deficitMask[k] = (deficitMask[k] as number) | (1 << (t % BITS));
      }
    }
    if (sum === 0) {
      if (stack.length < bestSize || (stack.length === bestSize && weight > bestWeight)) {
        bestSize = stack.length;
        bestWeight = weight;
        bestSet = [...stack].sort((a, b) => a - b);
      }
      return;
    }
    // One pass over the free candidates: the most any covers, and how many can still serve each target.
    let maxCover = 0;
    free.fill(0);
    hist.fill(0);
    for (let i = 0; i < n; i++) {
      if (state[i] !== 0) continue;
      let c = 0;
      for (let w = 0; w < W; w++) {
        let bits = useful(i, w);
        c += popcount(bits);
        while (bits !== 0) {
          const low = bits & -bits;
          const t = w * BITS + (31 - Math.clz32(low));
          free[t] = (free[t] as number) + 1;
          bits ^= low;
        }
      }
      if (c > maxCover) maxCover = c;
      hist[c] = (hist[c] as number) + 1;
    }
    if (maxCover === 0) return;
    // The fewest free candidates whose coverages, largest first, add up to the shortfalls.
    let reach = 0;
    let k = 0;
    for (let c = maxCover; c > 0 && reach < sum; c--) {
      const count = hist[c] as number;
      const take = Math.min(count, Math.ceil((sum - reach) / c));
      reach += take * c;
      k += take;
    }
    if (reach < sum) return;
    const lb = Math.max(maxDef, k);
    const size = stack.length;
    if (size + lb > bestSize) return;
    if (size + lb === bestSize) {
      // Only completions of exactly lb more tie in size: they must beat the best weight, with
      // candidates that cover something still short.
      let top = 0;
      let taken = 0;
      for (const i of byWeight) {
        if (taken === lb) break;
        if (state[i] !== 0) continue;
        let any = 0;
        for (let w = 0; w < W; w++) any |= useful(i, w);
        if (any === 0) continue;
        top += weights[i] as number;
        taken++;
      }
      if (weight + top <= bestWeight) return;
    }
    // The target with the least slack.
    let target = -1;
    let bestSlack = Number.POSITIVE_INFINITY;
    for (let t = 0; t < T; t++) {
      const d = deficit[t] as number;
      if (d <= 0) continue;
      const slack = (free[t] as number) - d;
      if (slack < 0) return;
      if (slack < bestSlack) {
        bestSlack = slack;
        target = t;
      }
    }
    const tried: number[] = [];
    let left = free[target] as number;
    const snapshot = Int32Array.from(deficitMask);
    for (const i of byTarget[target] as number[]) {
      if (state[i] !== 0) continue;
      if (left < (deficit[target] as number)) break;
      // Dominated: a sibling tried before covers every short target this one covers, weighing as much.
      let dominated = false;
      for (const j of tried) {
        if ((weights[j] as number) < (weights[i] as number)) continue;
        let inside = true;
        for (let w = 0; w < W && inside; w++) {
          const mi = (masks[i * W + w] as number) & (snapshot[w] as number);
          inside = ((masks[j * W + w] as number) & mi) === mi;
        }
        if (inside) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        state[i] = 1;
        stack.push(i);
        weight += weights[i] as number;
        for (const t of covers[i] as number[]) deficit[t] = (deficit[t] as number) - 1;
        search();
        for (const t of covers[i] as number[]) deficit[t] = (deficit[t] as number) + 1;
        weight -= weights[i] as number;
        stack.pop();
      }
      state[i] = 2;
      tried.push(i);
      left--;
      if (aborted) break;
    }
    for (const j of tried) state[j] = 0;
  };
  search();
  return {
    chosen: bestSet,
    weight: bestWeight,
    exact: !aborted,
    lowerBound,
    nodes,
    shortfall,
  };
}
