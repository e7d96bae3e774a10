import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The server serves dist/ with the SPA fallback to index.html for every path outside /api; in
// development the Vite server forwards /api to the API server on port 3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // Workspace packages are read from their TypeScript sources, like the tests do (only their types are
  // imported today, but a stale dist/ must never leak into a build).
  resolve: { conditions: ["source"] },
  server: {
    port: 5173,
    proxy: { "/api": { target: "http://localhost:3000", changeOrigin: false } },
  },
  preview: { proxy: { "/api": { target: "http://localhost:3000" } } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    reportCompressedSize: true,
    // The vendor chunk (React, Fluent UI, TanStack Query) is one file on purpose: a browser opens six
    // connections per server over HTTP/1.1, and 60 small chunks queued behind each other cost more than
    // one 870 kB file (190 kB with brotli) that is kept for a year.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "vendor", test: /[\\/]node_modules[\\/]/ },
            { name: "shared", test: /[\\/]apps[\\/]web[\\/]src[\\/]/, minShareCount: 2 },
          ],
        },
      },
    },
  },
});
