import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/*
 * A real Azure Blob Storage emulator for tests (Azurite, a devDependency): the Azure evidence store is
 * tested against the service's actual behaviour (block staging, MD5 checks, 404s), not a mock.
 */

/** Azurite's well-known development account and key (public, in Microsoft's documentation). */
const ACCOUNT = "devstoreaccount1";
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface RunningAzurite {
  /** A connection string for the emulator's blob service. */
  readonly connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts Azurite's blob service in memory on a free port and resolves once it answers. Stop it in
 * `afterAll`. Start-up takes about a second.
 */
export async function startAzurite(): Promise<RunningAzurite> {
  const main = join(
    dirname(createRequire(import.meta.url).resolve("azurite/package.json")),
    "dist/src/blob/main.js",
  );
  const port = await freePort();
  // Azurite should write nothing with in-memory persistence; should it, not into the repository.
  const workdir = await mkdtemp(join(tmpdir(), "specready-azurite-"));
  const child = spawn(
    process.execPath,
    [
      main,
      "--inMemoryPersistence",
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--skipApiVersionCheck",
      "--loose",
      "--silent",
      "--disableTelemetry",
    ],
    { cwd: workdir, stdio: ["ignore", "pipe", "pipe"] },
  );
  // Should the test process end without afterAll (a crash, a kill), the emulator goes with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const stop = async () => {
    process.off("exit", killOnExit);
    await stopChild(child);
    await rm(workdir, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(`http://127.0.0.1:${port}/${ACCOUNT}?comp=list`, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`,
    stop,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Azurite exited (${child.exitCode ?? child.signalCode}): ${output().slice(-2000)}`);
    }
    try {
      // Any HTTP answer (an authentication error included) means it is listening.
      await (await fetch(url, { signal: AbortSignal.timeout(1000) })).arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`Azurite did not answer within 20 s: ${output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
