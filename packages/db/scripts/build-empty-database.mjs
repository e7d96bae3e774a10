#!/usr/bin/env node
// Part of `npm run build`, after packages/db is compiled: makes the empty database shipped in
// packages/db/dist (empty-database.tar.gz and its manifest, see src/empty-database.ts) with the
// installed PGlite's initdb, unless the one there was made by this PGlite already.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  archiveDataDir,
  pgliteVersion,
  shippedEmptyDatabase,
  writeEmptyDatabaseManifest,
} from "../dist/empty-database.js";
import { createPgliteDataDir } from "../dist/pglite-client.js";

if (shippedEmptyDatabase() === undefined) {
  const work = await mkdtemp(join(tmpdir(), "specready-empty-database-"));
  try {
    const dataDir = join(work, "db");
    await createPgliteDataDir(dataDir, { from: undefined });
    await archiveDataDir(dataDir);
    await writeEmptyDatabaseManifest();
    process.stderr.write(`packages/db: the empty database for PGlite ${pgliteVersion()} is made\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
