import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * The entry of a worker thread whose module `name` sits beside the module at `from` (its
 * `import.meta.url`): compiled (`name.js`), or its TypeScript source (`name.ts`) when run from the
 * sources, as the tests do. Such a module imports nothing of specready's, so it runs as it is.
 */
export function threadEntry(name: string, from: string): URL {
  const compiled = new URL(`./${name}.js`, from);
  return existsSync(fileURLToPath(compiled)) ? compiled : new URL(`./${name}.ts`, from);
}

/** Starts a worker thread on `url`; from TypeScript source, with its types stripped where Node.js does not by default. */
export function startThread(url: URL, options: WorkerOptions = {}): Worker {
  return new Worker(url, {
    ...options,
    ...(url.pathname.endsWith(".ts") && !process.features.typescript
      ? { execArgv: [...(options.execArgv ?? process.execArgv), "--experimental-strip-types"] }
      : {}),
  });
}
