import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";

/*
 * The empty embedded database, made once when the package is built and shipped in it: PGlite's data
 * directory as a first start leaves it before anything is written (initdb, started once with
 * PGLITE_SETTINGS, closed), as a gzip-compressed tar file. A first start unpacks it instead of running
 * initdb, which runs a second PostgreSQL instance beside the first and made the first start's memory
 * peak (bench/README.md, "The server's memory"). The files are the ones initdb makes for the same
 * PGlite; a build for another PGlite version, or none, and the first start runs initdb as before.
 */

/** Where the build writes it: packages/db/dist, the same folder from the sources and the build. */
const DIST = new URL("../dist/", import.meta.url);
export const EMPTY_DATABASE_ARCHIVE = fileURLToPath(new URL("empty-database.tar.gz", DIST));
/** Beside the archive, what made it. */
const manifestOf = (archive: string) => archive.replace(/\.tar\.gz$/, ".json");
/** The archive's layout; another value (a later change to this file) is not read. */
const FORMAT = 1;

interface Manifest {
  readonly format: number;
  /** The PGlite version whose initdb made it. */
  readonly pglite: string;
}

/** The installed PGlite's version, or undefined when its package cannot be read. */
export function pgliteVersion(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    const pkg = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8"));
    return pkg.name === "@electric-sql/pglite" && typeof pkg.version === "string" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The shipped empty database's archive when it was made by the installed PGlite; otherwise undefined
 * (not built, or built for another version: its files might not be what this PostgreSQL reads).
 */
export function shippedEmptyDatabase(archive = EMPTY_DATABASE_ARCHIVE): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestOf(archive), "utf8")) as Manifest;
    const version = pgliteVersion();
    if (manifest.format !== FORMAT || version === undefined || manifest.pglite !== version) return undefined;
    return existsSync(archive) ? archive : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the archive of `dataDir` (a data directory as `createPgliteDataDir` leaves it) to `archive`,
 * under a temporary name renamed at the end: an interrupted build leaves the previous archive or none.
 */
export async function archiveDataDir(dataDir: string, archive = EMPTY_DATABASE_ARCHIVE): Promise<void> {
  const gz = await promisify(gzip)(await tarDirectory(dataDir), { level: 9 });
  await mkdir(dirname(archive), { recursive: true });
  await writeFile(`${archive}.partial`, gz);
  await rename(`${archive}.partial`, archive);
}

/** Records that the shipped archive was made by the installed PGlite (written after the archive). */
export async function writeEmptyDatabaseManifest(archive = EMPTY_DATABASE_ARCHIVE): Promise<void> {
  const version = pgliteVersion();
  if (version === undefined) throw new Error("cannot read the installed PGlite's version");
  const manifest: Manifest = { format: FORMAT, pglite: version };
  const file = manifestOf(archive);
  await writeFile(`${file}.partial`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${file}.partial`, file);
}

/** Unpacks an archive written by `writeEmptyDatabase` into `dir` (created; owner-only files). */
export async function unpackDataDir(archive: string, dir: string): Promise<void> {
  const tar = await promisify(gunzip)(await readFile(archive));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const entry of readTar(tar, archive)) {
    const path = join(dir, ...entry.name.split("/"));
    if (entry.data === undefined) await mkdir(path, { recursive: true, mode: 0o700 });
    else {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFile(path, entry.data, { mode: 0o600, flag: "wx" });
    }
  }
}

// A POSIX tar ("ustar") of folders and regular files, the only kinds a data directory holds. A
// header is 512 bytes: name (100), mode (8), uid (8), gid (8), size (12), mtime (12), checksum (8),
// type (1: "0" file, "5" folder), link name (100), magic "ustar\0" and version "00"; a file's bytes
// follow, padded to 512; two zero blocks end it.
const BLOCK = 512;

async function tarDirectory(root: string): Promise<Buffer> {
  const blocks: Buffer[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const name = relative(root, path).split(sep).join("/");
      if (entry.isDirectory()) {
        blocks.push(header(name, "5", 0));
        await walk(path);
      } else if (entry.isFile()) {
        const data = await readFile(path);
        blocks.push(header(name, "0", data.length), data, Buffer.alloc(-data.length & (BLOCK - 1)));
      } else throw new Error(`${path}: neither a folder nor a file, not expected in a data directory`);
    }
  };
  if (!(await stat(root)).isDirectory()) throw new Error(`${root} is not a folder`);
  await walk(root);
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

function header(name: string, type: "0" | "5", size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 99) throw new Error(`${name}: a name longer than a tar header holds`);
  h.write(name, 0, "utf8");
  h.write(`${(type === "5" ? 0o700 : 0o600).toString(8).padStart(7, "0")}\0`, 100, "ascii");
  h.write("0000000\0", 108, "ascii");
  h.write("0000000\0", 116, "ascii");
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "ascii");
  // No modification time: the same PGlite builds the same archive.
  h.write("00000000000\0", 136, "ascii");
  h.write(type, 156, "ascii");
  h.write("ustar\u000000", 257, "ascii");
  h.write(`${checksum(h).toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return h;
}

/** The sum of the header's bytes, its checksum field counted as spaces. */
function checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] as number);
  return sum;
}

function* readTar(tar: Buffer, file: string): Generator<{ name: string; data: Buffer | undefined }> {
  const broken = (offset: number, what: string) => new Error(`${file}: ${what} at byte ${offset} of the tar`);
  const text = (offset: number, length: number) => {
    const field = tar.subarray(offset, offset + length);
    const end = field.indexOf(0);
    return field.subarray(0, end === -1 ? length : end).toString("utf8");
  };
  for (let at = 0; ; ) {
    if (at + BLOCK > tar.length) throw broken(at, "the end is missing");
    const h = tar.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return;
    if (text(at + 257, 6) !== "ustar") throw broken(at, "not a ustar header");
    if (Number.parseInt(text(at + 148, 8), 8) !== checksum(h))
      throw broken(at, "a header's checksum is wrong");
    const name = text(at, 100);
    const parts = name.split("/");
    if (name === "" || parts.some((p) => p === "" || p === "." || p === ".."))
      throw broken(at, `an unexpected name "${name}"`);
    const size = Number.parseInt(text(at + 124, 12), 8);
    const type = text(at + 156, 1);
    at += BLOCK;
    if (type === "5") yield { name, data: undefined };
    else if (type === "0" || type === "") {
      if (!Number.isSafeInteger(size) || at + size > tar.length)
        throw broken(at, `${name}: its bytes are missing`);
      yield { name, data: tar.subarray(at, at + size) };
      at += Math.ceil(size / BLOCK) * BLOCK;
    } else throw broken(at, `${name}: an entry of type "${type}"`);
  }
}
