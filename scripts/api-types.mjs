#!/usr/bin/env node
// Writes apps/web/src/api/schema.gen.ts from the server's OpenAPI document, built in-process (no server,
// no database, no network). Run after changing a route's schemas: `npm run api:types`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { webTypesOf } from "../apps/server/dist/api/web-types.js";
import { openApiDocument } from "../apps/server/dist/app.js";

const target = fileURLToPath(new URL("../apps/web/src/api/schema.gen.ts", import.meta.url));
writeFileSync(target, webTypesOf(openApiDocument()));
console.log(`api:types: wrote ${target}`);
