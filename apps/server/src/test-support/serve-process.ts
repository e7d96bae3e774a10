import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/*
 * `specready serve` in a process of its own, as a user runs it: for the tests of what only a real
 * process shows (a kill -9, several servers on one database).
 */

export const SPECREADY = fileURLToPath(new URL("../../../../bin/specready", import.meta.url));
/** The command is built (`npm test` builds it first). */
export const BUILT = existsSync(fileURLToPath(new URL("../../../cli/dist/main.js", import.meta.url)));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Starts `specready serve` and resolves once it says where it runs; rejects with its output if it exits. */
export async function serve(env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [SPECREADY, "serve"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      HOST: "127.0.0.1",
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not started after 110 s:\n${output}`)), 110_000);
    const check = () => {
      if (/specready is running at/.test(output) && /Press Ctrl\+C/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`specready serve exited with ${code}:\n${output}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

/** Runs `specready serve` expecting it to refuse to start: its exit code and what it printed. */
export async function serveRefused(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  try {
    const served = await serve(env);
    await stop(served);
    return { code: 0, output: served.output() };
  } catch (error) {
    const message = (error as Error).message;
    const code = /exited with (\d+)/.exec(message)?.[1];
    return { code: code === undefined ? null : Number(code), output: message };
  }
}

export async function stop(served: Served | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  const child = served?.child;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}
