import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../../../scripts/build-wasm.mjs", import.meta.url));

describe("record-split-wasm.ts and repeated-rows-wasm.ts", () => {
  it("are what packages/ingest/assembly/record-split.ts and repeated-rows.ts compile to", async () => {
    // Fails with the file to regenerate (`npm run build:wasm`) when the source changed without it.
    const { stderr } = await promisify(execFile)(process.execPath, [script, "--check"]);
    expect(stderr).toBe("");
  });
});
