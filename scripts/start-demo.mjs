#!/usr/bin/env node
// `npm run demo:cli`: writes the demo partner (dated today) and shows its readiness report. The demo partner is
// deliberately not ready, so "evaluated, not ready" (exit 1) is success here; unusable input (2) is not.
import { main } from "../apps/cli/dist/main.js";

const dir = process.argv[2] ?? "examples/demo-partner";
const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
  cwd: process.cwd(),
};
const wrote = await main(["demo", dir, "--quiet"], io);
if (wrote !== 0) process.exit(wrote);
process.stdout.write(`Demo partner written to ${dir}/ — its readiness today:\n\n`);
const code = await main(["check", dir], io);
process.stdout.write(
  `\nNext: put your own Partner Center downloads in a folder and run bin/specready check <folder>.\n`,
);
process.exitCode = code <= 1 ? 0 : code;
