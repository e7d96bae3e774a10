import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { storeUpload } from "../services/import-service.js";
import { createOrg, STARTUP_TIMEOUT, TestServer } from "../test-support/test-server.js";
import { HASH_THREAD_MIN_BYTES } from "./file-hash-thread.js";

/*
 * A hashing thread that fails (here: one whose answer is an error, as a thread that ran out of memory
 * or could not read the file gives) leaves the upload to be hashed on the server's thread, from disk.
 */
vi.mock("./file-hash-thread.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("./file-hash-thread.js")>();
  return {
    ...real,
    hashFileAsWritten(path: string) {
      const thread = real.hashFileAsWritten(path);
      if (thread === undefined) return undefined;
      return {
        written: (bytes: number) => thread.written(bytes),
        stop: () => thread.stop(),
        async digest() {
          thread.stop();
          throw new Error("hashing the upload failed: ERR_WORKER_OUT_OF_MEMORY");
        },
      };
    },
  };
});

describe.each(testBackends)("an upload whose hashing thread fails, on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend, {
      config: { uploadLimitBytes: HASH_THREAD_MIN_BYTES + 2 * 1024 * 1024 },
    });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  it("is hashed on the server's thread instead, and says so", async () => {
    const org = await createOrg(server, "Failed Hashing");
    const data = randomBytes(HASH_THREAD_MIN_BYTES + 7);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const stored = await storeUpload(
        server.ctx,
        org.id,
        "certifications",
        "people.csv",
        Readable.from([data.subarray(0, 1_000_000), data.subarray(1_000_000)]),
        null,
        data.length,
      );
      expect(stored.sha256).toBe(createHash("sha256").update(data).digest("hex"));
      expect(errors).toHaveBeenCalledWith(
        "specready: hashing the upload failed: ERR_WORKER_OUT_OF_MEMORY; hashed on the server's thread",
      );
    } finally {
      errors.mockRestore();
    }
  });
});
