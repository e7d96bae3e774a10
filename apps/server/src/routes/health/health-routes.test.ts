import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectJson, STARTUP_TIMEOUT, TestServer } from "../../test-support/test-server.js";

describe.each(testBackends)("GET /api/health on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server.close();
  });

  it("answers 200 ok while the database answers, 503 unavailable once it is gone", async () => {
    const ok = await server.anonymous.get("/api/health");
    expect(await expectJson(ok, 200)).toEqual({ status: "ok" });
    expect(ok.headers.get("cache-control")).toBe("no-store");

    await server.closeDatabase();
    const down = await server.anonymous.get("/api/health");
    expect(await expectJson(down, 503)).toEqual({ status: "unavailable" });
  });
});
