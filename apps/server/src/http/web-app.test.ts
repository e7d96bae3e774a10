import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STARTUP_TIMEOUT, TestServer } from "../test-support/test-server.js";
import { acceptedEncodings, chooseEncoding } from "./web-app.js";

/*
 * The built web app as the server sends it: the build's brotli and gzip copies chosen by the request's
 * Accept-Encoding, an ETag per representation (304 when the browser has it), hashed assets kept for a
 * year and everything else revalidated, and the security headers on all of it. The database plays no
 * part here: the embedded one only.
 */

const SCRIPT = `export const greeting = "${"hello from the hashed chunk ".repeat(200)}";\n`;
const INDEX = `<!doctype html><html><head><title>specready</title></head><body>${"<p>boot</p>".repeat(200)}</body></html>\n`;
const ICON = `<svg xmlns="http://www.w3.org/2000/svg"/>`;

async function body(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

function decoded(res: Response, bytes: Buffer): string {
  const encoding = res.headers.get("content-encoding");
  if (encoding === "br") return brotliDecompressSync(bytes).toString("utf8");
  if (encoding === "gzip") return gunzipSync(bytes).toString("utf8");
  if (encoding === "deflate") return inflateSync(bytes).toString("utf8");
  return bytes.toString("utf8");
}

describe("the web app's static files", () => {
  let server: TestServer;
  let webDir: string;
  const get = (path: string, headers: Record<string, string> = {}) => server.fetch(path, { headers });

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), "specready-web-"));
    await mkdir(join(webDir, "assets"));
    const files: Record<string, string> = {
      "index.html": INDEX,
      "favicon.svg": ICON,
      "assets/index-AbC123xy.js": SCRIPT,
    };
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(webDir, name), text);
      // As apps/web/scripts/precompress.mjs writes them: only for files of at least 1 KiB.
      if (text.length >= 1024) {
        await writeFile(join(webDir, `${name}.br`), brotliCompressSync(text));
        await writeFile(join(webDir, `${name}.gz`), gzipSync(text));
      }
    }
    server = await TestServer.start("pglite", { config: { webDir } });
  }, STARTUP_TIMEOUT);

  afterAll(async () => {
    await server?.close();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  it("sends the brotli copy to a browser that accepts it, gzip to one that accepts only gzip, else the file", async () => {
    const cases: [string | undefined, string | null][] = [
      ["gzip, deflate, br, zstd", "br"],
      ["br", "br"],
      ["gzip", "gzip"],
      ["gzip;q=1.0, br;q=0.5", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["*", "br"],
      // No copy for it: the server's compression of larger answers deflates it as it sends it.
      ["deflate", "deflate"],
      ["identity", null],
      [undefined, null],
    ];
    for (const [accept, expected] of cases) {
      const res = await get(
        "/assets/index-AbC123xy.js",
        accept === undefined ? {} : { "accept-encoding": accept },
      );
      expect(res.status, `Accept-Encoding: ${accept}`).toBe(200);
      expect(res.headers.get("content-encoding"), `Accept-Encoding: ${accept}`).toBe(expected);
      expect(res.headers.get("vary")).toMatch(/accept-encoding/i);
      expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      const bytes = await body(res);
      if (expected !== "deflate") expect(Number(res.headers.get("content-length"))).toBe(bytes.length);
      expect(decoded(res, bytes)).toBe(SCRIPT);
      if (expected !== null) expect(bytes.length).toBeLessThan(SCRIPT.length / 5);
    }
  });

  it("keeps hashed assets for a year and revalidates index.html and the other files", async () => {
    const asset = await get("/assets/index-AbC123xy.js", { "accept-encoding": "br" });
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    for (const path of ["/", "/o/some-org", "/favicon.svg"]) {
      const res = await get(path, { "accept-encoding": "br" });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("no-cache");
    }
    // A file under 1 KiB has no compressed copy: sent as it is, and nothing varies.
    const icon = await get("/favicon.svg", { "accept-encoding": "br, gzip" });
    expect(icon.headers.get("content-encoding")).toBeNull();
    expect(icon.headers.get("vary")).toBeNull();
    expect((await body(icon)).toString("utf8")).toBe(ICON);
    // Any address of the app is index.html (its own router), compressed like the rest.
    const page = await get("/o/some-org/imports?x=1", { "accept-encoding": "gzip" });
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-encoding")).toBe("gzip");
    expect(decoded(page, await body(page))).toBe(INDEX);
    expect((await get("/assets/missing-123.js")).status).toBe(404);
  });

  it("answers 304 without a body when the browser's ETag is current, per representation", async () => {
    const br = await get("/o/some-org", { "accept-encoding": "br" });
    const plain = await get("/o/some-org");
    const brTag = br.headers.get("etag");
    const plainTag = plain.headers.get("etag");
    expect(brTag).toMatch(/^"[\w-]+-br"$/);
    expect(plainTag).toMatch(/^"[\w-]+"$/);
    expect(brTag).not.toBe(plainTag);

    const again = await get("/o/some-org", { "accept-encoding": "br", "if-none-match": brTag as string });
    expect(again.status).toBe(304);
    expect((await body(again)).length).toBe(0);
    expect(again.headers.get("etag")).toBe(brTag);
    expect(again.headers.get("cache-control")).toBe("no-cache");
    expect(again.headers.get("vary")).toMatch(/accept-encoding/i);
    // Weak comparison, and a list of tags.
    const listed = await get("/", { "accept-encoding": "br", "if-none-match": `"other", W/${brTag}` });
    expect(listed.status).toBe(304);
    // The brotli copy's tag does not stand for the uncompressed file.
    const other = await get("/", { "if-none-match": brTag as string });
    expect(other.status).toBe(200);
    expect((await body(other)).toString("utf8")).toBe(INDEX);
    // Not the ETag of another file.
    const stale = await get("/assets/index-AbC123xy.js", { "if-none-match": plainTag as string });
    expect(stale.status).toBe(200);
  });

  it("keeps the security headers on the app's files, 304s included", async () => {
    const page = await get("/o/some-org", { "accept-encoding": "br" });
    const revalidated = await get("/o/some-org", {
      "accept-encoding": "br",
      "if-none-match": page.headers.get("etag") as string,
    });
    for (const res of [page, revalidated, await get("/assets/index-AbC123xy.js")]) {
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
    }
  });

  it("still compresses the API's larger JSON answers, and they stay out of every cache", async () => {
    const res = await get("/api/openapi.json", { "accept-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(JSON.parse(decoded(res, await body(res))).openapi).toMatch(/^3\.1/);
  });
});

describe("Accept-Encoding", () => {
  it("reads each encoding's quality, 1 when none is given", () => {
    expect([...acceptedEncodings("gzip;q=0.8, BR, *;q=0")]).toEqual([
      ["gzip", 0.8],
      ["br", 1],
      ["*", 0],
    ]);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });

  it("picks the best available encoding the request accepts, brotli on a tie", () => {
    expect(chooseEncoding("gzip, br", ["br", "gzip"])).toBe("br");
    expect(chooseEncoding("gzip, br", ["gzip"])).toBe("gzip");
    expect(chooseEncoding("br;q=0.1, gzip;q=0.9", ["br", "gzip"])).toBe("gzip");
    expect(chooseEncoding("*;q=0.5, br;q=0", ["br", "gzip"])).toBe("gzip");
    expect(chooseEncoding("identity", ["br", "gzip"])).toBeNull();
    expect(chooseEncoding("br", [])).toBeNull();
  });
});
