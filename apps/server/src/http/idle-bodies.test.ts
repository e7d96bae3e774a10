import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { repositories } from "@specready/db";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  certificationsCsv,
  createOrg,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
} from "../test-support/test-server.js";
import type { AppEnv } from "./app-env.js";
import { dropIdleBodies, serverOptions } from "./idle-bodies.js";

/*
 * Request bodies over a real socket, with SPECREADY_REQUEST_IDLE_SECONDS at 2 s and
 * SPECREADY_REQUEST_MIN_BYTES_PER_SECOND at 10: a body that pauses longer, or trickles slower, is
 * dropped and leaves nothing; one that keeps sending faster may take longer than that in all.
 */
describe("request bodies that pause, through a real socket", () => {
  let server: TestServer;
  let listening: ReturnType<typeof serve>;
  let port: number;
  let org: TestOrg;
  beforeAll(async () => {
    server = await TestServer.start("pglite", {
      config: { requestIdleMs: 2_000, requestMinBytesPerSecond: 10 },
    });
    await new Promise<void>((resolve) => {
      listening = serve(
        { fetch: server.app.fetch, port: 0, hostname: "127.0.0.1", serverOptions },
        (info) => {
          port = info.port;
          resolve();
        },
      );
    });
    org = await createOrg(server, "Slow Line Partners");
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    listening?.closeAllConnections();
    await new Promise<void>((resolve) => listening?.close(() => resolve()));
    await server?.close();
  });

  /** An upload's request head, by hand: the body follows as the test sends it. */
  function head(kind: string, fileName: string, length: number): string {
    const credentials = org.admin.client.credentials;
    if (credentials?.kind !== "session") throw new Error("expected a session");
    return [
      `POST ${org.path(`/uploads?${new URLSearchParams({ kind, fileName })}`)} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      `Cookie: specready_session=${credentials.cookie}`,
      `X-CSRF-Token: ${credentials.csrfToken}`,
      "Content-Type: application/octet-stream",
      `Content-Length: ${length}`,
      "Connection: close",
      "",
      "",
    ].join("\r\n");
  }

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Declares a 4 MB usage upload, lets `send` write to it, and waits up to 12 s for the server to close
   * the connection: how long that took, and what the server logged meanwhile.
   */
  async function droppedUpload(
    fileName: string,
    send: (socket: Socket) => () => void,
  ): Promise<{ seconds: number; logged: string[] }> {
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(performance.now())));
    socket.on("data", () => {});
    socket.on("error", () => {});
    const started = performance.now();
    socket.write(head("azure-usage", fileName, 4 * 1024 * 1024));
    const logged: string[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(" "));
    const stopSending = send(socket);
    try {
      const at = await Promise.race([closed, pause(12_000).then(() => undefined)]);
      expect(at === undefined ? "still open after 12 s" : "closed by the server").toBe(
        "closed by the server",
      );
      return { seconds: ((at as number) - started) / 1000, logged };
    } finally {
      stopSending();
      console.error = log;
      socket.destroy();
    }
  }

  it("drops an upload that sends nothing for longer than the idle time, and keeps nothing of it", async () => {
    // 300 KB of a usage file, then nothing.
    const { seconds, logged } = await droppedUpload("stalled.csv", (socket) => {
      socket.write(`CustomerTenantId,Month,ACR_USD\n${"x".repeat(300 * 1024)}`);
      return () => {};
    });
    expect(seconds).toBeGreaterThanOrEqual(1.9);
    // One line says why; nothing is logged as the server's failure.
    expect(logged).toEqual([
      expect.stringMatching(/uploads: nothing arrived for 2 s; the connection was dropped$/),
    ]);
    await expectNothingKept();
  });

  it("drops an upload that trickles in under the minimum rate, though it never pauses for the idle time", async () => {
    // Two bytes a second, a byte every 500 ms: after t s it has sent 2t bytes and has 2 s + 2t/10 s, so
    // it is over its time after 2.5 s.
    const { seconds, logged } = await droppedUpload("trickle.csv", (socket) => {
      const trickle = setInterval(() => {
        if (!socket.destroyed) socket.write("x");
      }, 500);
      return () => clearInterval(trickle);
    });
    expect(seconds).toBeGreaterThanOrEqual(2.4);
    expect(logged).toEqual([
      expect.stringMatching(
        /uploads: \d+ bytes in \d+ s \(\d+ bytes\/s\), under the minimum of 10 bytes\/s; the connection was dropped$/,
      ),
    ]);
    await expectNothingKept();
  });

  /** No upload waits for its import, and no partial file is left. */
  async function expectNothingKept(): Promise<void> {
    const uploads = join(server.dataDir, "uploads");
    const files = async () => (existsSync(uploads) ? await readdir(uploads) : []);
    for (let waited = 0; waited < 5_000 && (await files()).length > 0; waited += 50) await pause(50);
    expect(await files()).toEqual([]);
    expect(await repositories(server.db).imports.pendingBytes(org.id)).toBe(0);
  }

  it("takes an upload whose pauses are shorter than the idle time, however long it takes in all", async () => {
    const body = Buffer.from(certificationsCsv());
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const answer: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => answer.push(chunk));
    const ended = new Promise((resolve) => socket.once("end", resolve));
    const started = performance.now();
    socket.write(head("certifications", "certifications.csv", body.length));
    // Ten pieces, 400 ms apart: 4 s in all, twice the idle time, at over 10 bytes a second.
    const pieces = 10;
    const size = Math.ceil(body.length / pieces);
    for (let i = 0; i < pieces; i++) {
      await pause(400);
      socket.write(body.subarray(i * size, (i + 1) * size));
    }
    await ended;
    expect((performance.now() - started) / 1000).toBeGreaterThan(4);
    // Nor is a whole request limited in time (node:http's default is 300 s): only its pauses are. Its
    // headers still have 60 s.
    expect([listening.requestTimeout, listening.headersTimeout]).toEqual([0, 60_000]);
    expect(Buffer.concat(answer).toString("latin1").split("\r\n")[0]).toBe("HTTP/1.1 201 Created");
  });
});

describe("dropIdleBodies, on a server of its own", () => {
  let listening: ReturnType<typeof serve>;
  let base: string;
  beforeAll(async () => {
    const app = new Hono<AppEnv>();
    app.use("*", dropIdleBodies({ idleMs: 1_000, minBytesPerSecond: 500 }));
    const slow = () => new Promise((resolve) => setTimeout(resolve, 2_500));
    // Handlers that take 2.5 s (over twice the idle time) before writing anything.
    app.get("/slow", async (c) => {
      await slow();
      return c.text("answered");
    });
    app.post("/slow", async (c) => {
      const body = await c.req.text();
      await slow();
      return c.text(`answered ${body.length}`);
    });
    // A handler that starts reading only after 2.5 s: until then the server holds the body back.
    app.post("/late", async (c) => {
      await slow();
      const body = await c.req.text();
      return c.text(`answered ${body.length}`);
    });
    await new Promise<void>((resolve) => {
      listening = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1", serverOptions }, (info) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(async () => {
    listening?.closeAllConnections();
    await new Promise<void>((resolve) => listening?.close(() => resolve()));
  });

  it("leaves a handler its time once the body has arrived, or when there is none", async () => {
    const [get, post] = await Promise.all([
      fetch(`${base}/slow`),
      fetch(`${base}/slow`, { method: "POST", body: "x".repeat(100_000) }),
    ]);
    expect([await get.text(), await post.text()]).toEqual(["answered", "answered 100000"]);
  });

  it("does not count against a body the time the server holds it back", async () => {
    // 8 MB sent at once: the socket's buffers fill and the client waits for the handler, 2.5 s.
    const late = await fetch(`${base}/late`, { method: "POST", body: "x".repeat(8 * 1024 * 1024) });
    expect(await late.text()).toBe(`answered ${8 * 1024 * 1024}`);
  });
});
