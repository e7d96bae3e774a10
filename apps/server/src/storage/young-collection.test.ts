import { constants, PerformanceObserver } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { YOUNG_COLLECTION_BYTES, youngCollector } from "./young-collection.js";

/** The collections of the young generation V8 reports while `during` runs. */
async function minorCollections(during: () => void): Promise<number> {
  let minor = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if ((entry.detail as { kind?: number } | undefined)?.kind === constants.NODE_PERFORMANCE_GC_MINOR)
        minor++;
  });
  observer.observe({ entryTypes: ["gc"] });
  during();
  // Entries are delivered after the collection, on a later turn of the loop.
  await new Promise((r) => setTimeout(r, 100));
  observer.disconnect();
  return minor;
}

describe("youngCollector", () => {
  it("collects the young generation once every YOUNG_COLLECTION_BYTES received", async () => {
    const young = youngCollector();
    const collections = await minorCollections(() => {
      // 20 such amounts, in socket-sized chunks: 20 collections (V8 may add its own).
      for (let k = 0; k < (20 * YOUNG_COLLECTION_BYTES) / 65_536; k++) young.received(65_536);
    });
    expect(collections).toBeGreaterThanOrEqual(20);
  });

  it("collects nothing before that much has arrived", async () => {
    const young = youngCollector();
    let spontaneous = await minorCollections(() => {});
    const collections = await minorCollections(() => {
      for (let k = 0; k < 100; k++) young.received((YOUNG_COLLECTION_BYTES - 1) / 100);
    });
    // Compared with a quiet moment, not with zero: the test runner may allocate meanwhile.
    spontaneous = Math.max(spontaneous, 2);
    expect(collections).toBeLessThanOrEqual(spontaneous);
  });
});
