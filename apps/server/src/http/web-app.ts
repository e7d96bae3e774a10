import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Context, Hono } from "hono";
import type { AppEnv } from "./app-env.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** Encodings the build writes beside a file (`x.js.br`, `x.js.gz`), best first. */
const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;
type Encoding = (typeof ENCODINGS)[number]["name"];

interface StaticFile {
  readonly type: string;
  readonly mtimeMs: number;
  readonly size: number;
  readonly body: Buffer;
  /** The build's compressed copies, when it wrote them (and they are smaller). */
  readonly encoded: ReadonlyMap<Encoding, Buffer>;
  /** Of the file's bytes: each encoding's ETag adds the encoding, as each is another representation. */
  readonly hash: string;
}

/**
 * The quality of each encoding the request accepts (`Accept-Encoding: br;q=1, gzip;q=0.5, *;q=0`);
 * an encoding the header does not name takes `*`'s, else 0 (identity is always acceptable here).
 */
export function acceptedEncodings(header: string | undefined): Map<string, number> {
  const accepted = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [token, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (token === undefined || token === "") continue;
    let q = 1;
    for (const p of params) {
      const m = /^q=([0-9.]+)$/.exec(p);
      if (m) q = Math.min(1, Math.max(0, Number(m[1]) || 0));
    }
    accepted.set(token, q);
  }
  return accepted;
}

/** The best encoding of those available that the request accepts, or null for the file as it is. */
export function chooseEncoding(header: string | undefined, available: readonly Encoding[]): Encoding | null {
  const accepted = acceptedEncodings(header);
  let best: { name: Encoding; q: number } | null = null;
  for (const { name } of ENCODINGS) {
    if (!available.includes(name)) continue;
    const q = accepted.get(name) ?? accepted.get("*") ?? 0;
    if (q > 0 && (best === null || q > best.q)) best = { name, q };
  }
  return best?.name ?? null;
}

/** Whether `If-None-Match` names the ETag (weak comparison, as RFC 9110 asks for GET). */
function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

/**
 * The web app's files, read once and kept while unchanged (same size and modification time): the
 * build is a few megabytes. Source maps are read when asked for, not kept.
 */
function fileCache() {
  const files = new Map<string, Promise<StaticFile>>();
  const load = async (path: string, mtimeMs: number, size: number): Promise<StaticFile> => {
    const body = await readFile(path);
    const encoded = new Map<Encoding, Buffer>();
    for (const { name, suffix } of ENCODINGS) {
      const copy = await readFile(path + suffix).catch(() => undefined);
      if (copy !== undefined && copy.length < body.length) encoded.set(name, copy);
    }
    const hash = createHash("sha256").update(body).digest("base64url").slice(0, 22);
    return {
      type: TYPES[extname(path)] ?? "application/octet-stream",
      mtimeMs,
      size,
      body,
      encoded,
      hash,
    };
  };
  return async (path: string, info: { mtimeMs: number; size: number }): Promise<StaticFile> => {
    const cached = await files.get(path)?.catch(() => undefined);
    if (cached !== undefined && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const loading = load(path, info.mtimeMs, info.size);
    if (extname(path) !== ".map") files.set(path, loading);
    return loading;
  };
}

/**
 * Answers with a file: the build's brotli or gzip copy when the request accepts it (`Vary:
 * Accept-Encoding`), an ETag per representation, and 304 when `If-None-Match` names it.
 */
function send(c: Context<AppEnv>, file: StaticFile, cacheControl: string): Response {
  const encoding = chooseEncoding(c.req.header("Accept-Encoding"), [...file.encoded.keys()]);
  const etag = `"${file.hash}${encoding === null ? "" : `-${encoding}`}"`;
  const headers: Record<string, string> = { "Cache-Control": cacheControl, ETag: etag };
  if (file.encoded.size > 0) headers.Vary = "Accept-Encoding";
  if (notModified(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
  headers["Content-Type"] = file.type;
  if (encoding !== null) headers["Content-Encoding"] = encoding;
  const body = encoding === null ? file.body : (file.encoded.get(encoding) as Buffer);
  headers["Content-Length"] = String(body.length);
  // readFile's buffers own their memory (an ArrayBuffer, never shared): no copy.
  return c.body(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), 200, headers);
}

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the built web app: files under `webDir` (hashed assets under /assets cached for a year, all
 * else revalidated by ETag), compressed by the build (`.br`, `.gz` beside each file) when the browser
 * accepts it, and index.html for every other path so the app's own routes work on reload. Paths never
 * leave `webDir`.
 */
export function serveWebApp(app: Hono<AppEnv>, webDir: string | undefined): void {
  const cached = fileCache();
  app.get("*", async (c) => {
    if (webDir === undefined) {
      return c.text(
        "specready API server: the web app is not built (run npm run build). The API is under /api.",
        404,
      );
    }
    const root = normalize(webDir + sep);
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text("Bad request: the address is not valid percent-encoding.", 400);
    }
    const candidate = normalize(join(root, pathname));
    if (candidate.startsWith(root) && extname(candidate) !== "") {
      const info = await stat(candidate).catch(() => undefined);
      if (info?.isFile()) {
        const immutable = pathname.startsWith("/assets/");
        return send(c, await cached(candidate, info), immutable ? IMMUTABLE : "no-cache");
      }
      if (pathname.startsWith("/assets/")) return c.text("Not found", 404);
    }
    const indexPath = join(root, "index.html");
    const info = await stat(indexPath).catch(() => undefined);
    if (!info?.isFile()) return c.text("The web app is not built (run npm run build).", 404);
    return send(c, await cached(indexPath, info), "no-cache");
  });
}
