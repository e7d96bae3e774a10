#!/usr/bin/env node
// `npm run fuzz [-- --runs N] [-- --seed S]`: the long round of apps/cli/src/check-fuzz.test.ts
// (10,000 mutated data folders through `specready check` by default; `npm test` runs 40).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "10000" }, seed: { type: "string" }, path: { type: "string" } },
});
if (!/^\d+$/.test(values.runs)) {
  process.stderr.write(`fuzz: --runs must be a whole number, not "${values.runs}"\n`);
  process.exit(2);
}
const root = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, SPECREADY_FUZZ_RUNS: values.runs };
if (values.seed !== undefined) env.SPECREADY_FUZZ_SEED = values.seed;
if (values.path !== undefined) env.SPECREADY_FUZZ_PATH = values.path;
const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const result = spawnSync(process.execPath, [vitest, "run", "apps/cli/src/check-fuzz.test.ts"], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 2);
