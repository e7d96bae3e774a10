import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Hono } from "hono";
import type { AppEnv } from "./app-env.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves the built web app: files under `webDir` (hashed assets cached for a year), and index.html for
 * every other path so the app's own routes work on reload. Paths never leave `webDir`.
 */
export function serveWebApp(app: Hono<AppEnv>, webDir: string | undefined): void {
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
        return c.body(await readFile(candidate), 200, {
          "Content-Type": TYPES[extname(candidate)] ?? "application/octet-stream",
          "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
        });
      }
      if (pathname.startsWith("/assets/")) return c.text("Not found", 404);
    }
    const index = await readFile(join(root, "index.html")).catch(() => undefined);
    if (index === undefined) return c.text("The web app is not built (run npm run build).", 404);
    return c.body(index, 200, { "Content-Type": TYPES[".html"] as string, "Cache-Control": "no-cache" });
  });
}
