// Bundles `specready check` into one file, apps/cli/dist/bundle/specready.js, with its usage-reading
// worker beside it (usage-worker.js), from the compiled dist of apps/cli, packages/ingest and
// packages/core (run after `tsc -b`; `npm run build` does). Starting the CLI from its ~40 compiled
// modules spends about 0.1 s of a run resolving and loading them, before any file is read: the
// bundle is one file. bin/specready uses it for `check` only, and only while it is newer than the
// compiled code it was made from (see there); every other command runs the compiled modules.
import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "apps/cli/dist/bundle");
await rm(out, { recursive: true, force: true });
// rolldown comes with vite (apps/web): without it, `check` simply runs the compiled modules.
let build;
try {
  ({ build } = await import("rolldown"));
} catch {
  process.stderr.write("bundle-cli: rolldown is not installed; `specready check` runs unbundled\n");
  process.exit(0);
}
await mkdir(out, { recursive: true });
const entries = [
  ["apps/cli/dist/main.js", "specready.js"],
  // The reader finds its worker beside itself (new URL("./usage-worker.js", import.meta.url)).
  ["packages/ingest/dist/inputs/usage-worker.js", "usage-worker.js"],
];
for (const [input, file] of entries) {
  await build({
    input: join(root, input),
    platform: "node",
    // The workspace commands (server, database) never run from the bundle.
    external: [/^@specready\/server/],
    logLevel: "warn",
    output: { file: join(out, file), format: "esm", codeSplitting: false },
  });
}
