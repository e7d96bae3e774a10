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
