import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/*
 * A large request body arrives as thousands of 64 KB buffers, each allocated by Node.js outside V8's heap
 * (external memory). Their JavaScript objects are small, so the young generation rarely fills and rarely
 * frees them; their bytes add up instead, and every few tens of megabytes V8 starts a full collection of
 * the whole heap for "external memory pressure". With the server's heap of about 50 MB that is a
 * collection every 100 ms of an upload, which took more CPU than receiving the file (measured in
 * bench/README.md). A collection of the young generation alone, every few megabytes received, frees the
 * buffers already handled in well under a millisecond, and the full collections do not start.
 */

type Collect = (options: { readonly type: "minor" }) => void;

let collect: Collect | null | undefined;

/** V8's collector, exposed once (`--expose-gc` applies to contexts made after it is set); null if not. */
function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    collect = typeof gc === "function" ? (gc as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Bytes received between two collections of the young generation (see `youngCollector`). */
export const YOUNG_COLLECTION_BYTES = 8 * 1024 * 1024;

/**
 * For a stream of received chunks: `received(bytes)` after each, which collects V8's young generation
 * every `YOUNG_COLLECTION_BYTES`. Chunks must not be kept past their handling (copied, not queued), or
 * each collection promotes them to the old generation instead of freeing them.
 */
export function youngCollector(): { received(bytes: number): void } {
  let since = 0;
  return {
    received(bytes) {
      since += bytes;
      if (since < YOUNG_COLLECTION_BYTES) return;
      since = 0;
      collector()?.({ type: "minor" });
    },
  };
}
