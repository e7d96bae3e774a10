import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseServerConfig, type RunningServer, startServer } from "@specready/server";

/** The built web app: `npm test` builds it before the tests run. */
export const WEB_DIST = fileURLToPath(new URL("../../apps/web/dist/", import.meta.url));

/**
 * A real workspace server on a free port, with its own embedded database in a temporary directory and
 * the demo partner loaded (dated `now`), as `npm start` runs it.
 */
export async function startWorkspace(
  options: { demo?: boolean; env?: Record<string, string>; now?: () => Date } = {},
): Promise<RunningServer & { dataDir: string; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), "specready-e2e-"));
  const parsed = parseServerConfig({
    PORT: "1",
    HOST: "127.0.0.1",
    SPECREADY_DATA_DIR: dataDir,
    SPECREADY_DEMO: options.demo === false ? "0" : "1",
    SPECREADY_WEB_DIR: WEB_DIST,
    // The security log to a file of the run, not among the test runner's output.
    SPECREADY_SECURITY_LOG: join(dataDir, "security.log"),
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  // Port 0: the system picks a free one (the schema allows 1..65535 in the environment, not 0).
  const running = await startServer({ ...parsed.config, port: 0 }, { now: options.now });
  return {
    ...running,
    dataDir,
    async stop() {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
