import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { inflateSync } from "node:zlib";
import yauzl from "yauzl";
import type {
  BinderControl,
  BinderCustomer,
  BinderItem,
  BinderModel,
  OpenEvidenceFile,
} from "../binder-model.js";

/** A folder standing in for the evidence store: storage keys are paths inside it. */
export interface FakeStore {
  readonly dir: string;
  readonly open: OpenEvidenceFile;
  /** The storage keys opened, in order. */
  readonly opened: string[];
}

export async function fakeStore(): Promise<FakeStore> {
  const dir = await mkdtemp(join(tmpdir(), "specready-binder-store-"));
  const opened: string[] = [];
  return {
    dir,
    opened,
    open: async (key) => {
      opened.push(key);
      return createReadStream(join(dir, key));
    },
  };
}

let counter = 0;

function nextId(): string {
  counter++;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`;
}

/** A file item whose bytes are stored in `store` (the SHA-256 and size are those of `content`). */
export async function buildFileItem(
  store: FakeStore,
  fields: Partial<BinderItem> & { fileName?: string; content?: string | Buffer } = {},
): Promise<BinderItem> {
  const { fileName = "assessment.pdf", content = "%PDF-1.7 evidence", ...item } = fields;
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  const evidenceId = item.evidenceId ?? nextId();
  const storageKey = `orgs/o/evidence/${evidenceId}/1-${nextId()}`;
  await mkdir(dirname(join(store.dir, storageKey)), { recursive: true });
  await writeFile(join(store.dir, storageKey), bytes);
  return {
    evidenceId,
    title: "FinOps review",
    artifactType: "assessment",
    status: "approved",
    approval: APPROVAL,
    project: "Landing zone",
    completionDate: "2025-03-14",
    kind: "file",
    file: {
      storageKey,
      fileName,
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      mediaType: "application/pdf",
      revision: 1,
      uploadedAt: "2025-03-20T09:15:00.000Z",
      uploadedBy: "Ana Ruiz",
    },
    ...item,
  };
}

/** The approval of an approved fixture item: by someone other than its author. */
export const APPROVAL = { by: "Bea Reviewer", at: "2025-03-21T10:00:00.000Z", selfApproved: false } as const;

export function buildLinkItem(fields: Partial<BinderItem> = {}): BinderItem {
  return {
    evidenceId: nextId(),
    title: "Architecture in the wiki",
    artifactType: "design",
    status: "ready",
    approval: null,
    project: "Landing zone",
    completionDate: "2025-03-14",
    kind: "link",
    url: "https://contoso.sharepoint.com/sites/ai/Architecture.aspx",
    ...fields,
  };
}

export function buildNoteItem(fields: Partial<BinderItem> = {}): BinderItem {
  return {
    evidenceId: nextId(),
    title: "Decision log",
    artifactType: "documentation",
    status: "draft",
    approval: null,
    project: "Landing zone",
    completionDate: "2025-03-14",
    kind: "note",
    note: "Chose Azure AI Search S1.\nReviewed with the customer.",
    ...fields,
  };
}

export function buildCustomer(fields: Partial<BinderCustomer> = {}): BinderCustomer {
  return {
    tenantId: "0b6f2d9e-1a2b-4c3d-8e9f-101112131415",
    name: "Litware Health",
    projects: [{ name: "Landing zone", completionDate: "2025-03-14" }],
    counts: true,
    items: [],
    ...fields,
  };
}

export function buildControl(fields: Partial<BinderControl> = {}): BinderControl {
  return {
    id: "A1.1",
    module: "A",
    title: "Cloud & AI Adoption Business Strategy",
    status: "met",
    customerCount: 2,
    pending: { items: 0, customers: 0 },
    required: 2,
    minimumArtifactsPerCustomer: null,
    specialty: null,
    missing: null,
    customers: [],
    ...fields,
  };
}

export function buildModel(fields: Partial<BinderModel> = {}): BinderModel {
  return {
    organization: "Fabrikam Consulting",
    generatedAt: "2025-09-10T14:03:27.000Z",
    generatedBy: "Ana Ruiz",
    program: { id: "ai-ml-azure-fy24", name: "AI Platform on Microsoft Azure" },
    plan: {
      applicationDate: "2025-09-01",
      auditDate: "2025-10-15",
      modules: "A+B",
      checklists: { A: "Module A 2024-08", B: "Module B V1.7" },
    },
    moduleAWaived: false,
    contents: "approved",
    waiverText: null,
    summary: { controlsMet: 1, controlsTotal: 2, ready: false },
    controls: [],
    checkData: { auditEvidence: [], auditHistory: [] },
    ...fields,
  };
}

/** Writes the stream to a temporary file; rejects as the stream fails. */
export async function streamToFile(stream: Readable): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "specready-binder-zip-"));
  const path = join(dir, "binder.zip");
  await pipeline(stream, createWriteStream(path));
  return path;
}

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly compressionMethod: number;
  readonly mtime: Date;
}

/** Every entry of a ZIP file, in order, with its bytes (for small test archives only). */
export async function readZip(path: string): Promise<ZipEntry[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, z) =>
      err ? reject(err) : resolve(z),
    ),
  );
  const entries: ZipEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("error", reject);
        stream.on("end", () => {
          entries.push({
            name: entry.fileName,
            data: Buffer.concat(chunks),
            compressionMethod: entry.compressionMethod,
            mtime: entry.getLastModDate(),
          });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return entries;
}

/** RFC 4180 records of a CSV text (byte-order mark removed, CRLF or LF line ends). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || (c === "\r" && s[i + 1] === "\n")) {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      if (c === "\r") i++;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/**
 * The text shown on each page of a pdfkit PDF (standard fonts: hex WinAnsi strings in TJ arrays),
 * enough to check what a page says without a PDF renderer.
 */
export function pdfPageTexts(pdf: Buffer): string[] {
  const pages: string[] = [];
  const text = pdf.toString("latin1");
  for (const match of text.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1] as string, "latin1")).toString("latin1");
    } catch {
      continue;
    }
    const shown = [...content.matchAll(/\[([^\]]*)\] TJ/g)].map((tj) =>
      [...(tj[1] as string).matchAll(/<([0-9a-f]*)>/g)]
        .map((h) => Buffer.from(h[1] as string, "hex").toString("latin1"))
        .join(""),
    );
    if (shown.length > 0) pages.push(shown.join("\n"));
  }
  return pages;
}
