import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import type { Program } from "@specready/core";
import { formatProblem, loadDataDir, loadInstalledPrograms } from "@specready/ingest";
import { beforeAll, describe, expect, it } from "vitest";
import { BinderError } from "./binder-error.js";
import type { BinderItem, BinderModel } from "./binder-model.js";
import { MANIFEST_COLUMNS } from "./manifest-csv.js";
import {
  buildControl,
  buildCustomer,
  buildFileItem,
  buildLinkItem,
  buildModel,
  buildNoteItem,
  type FakeStore,
  fakeStore,
  parseCsv,
  pdfPageTexts,
  readZip,
  streamToFile,
  type ZipEntry,
} from "./test-support/binder-fixtures.js";
import { BINDER_DOCUMENTS, writeBinder } from "./write-binder.js";

const LITWARE = "0b6f2d9e-1a2b-4c3d-8e9f-101112131415";
const CONTOSO = "7c1e4a52-9f0b-4d8e-a6b3-2c5d7e8f9a01";
const ADATUM = "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70";

const A11 = "Module A/A1.1 Cloud & AI Adoption Business Strategy";
const A12 = "Module A/A1.2 Cloud & AI Adoption Plan";
const B11 = "Module B/B1.1 Portfolio Assessment";

let program: Program;
let store: FakeStore;

beforeAll(async () => {
  const loaded = await loadInstalledPrograms();
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  program = loaded.programs.find((p) => p.id === "ai-ml-azure-fy24") as Program;
  store = await fakeStore();
});

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

async function zipOf(model: BinderModel, open = store.open): Promise<{ path: string; entries: ZipEntry[] }> {
  const path = await streamToFile(writeBinder(model, open));
  return { path, entries: await readZip(path) };
}

function entry(entries: readonly ZipEntry[], name: string): ZipEntry {
  const found = entries.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no entry ${name} in ${entries.map((e) => e.name).join("\n")}`);
  return found;
}

function manifestRows(entries: readonly ZipEntry[]): Record<string, string>[] {
  const [header, ...rows] = parseCsv(entry(entries, "manifest.csv").data.toString("utf8"));
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ""])));
}

/** Fails the test with the stream's error, or returns it. */
async function binderError(model: BinderModel, open = store.open): Promise<BinderError> {
  try {
    await streamToFile(writeBinder(model, open));
  } catch (error) {
    expect(error).toBeInstanceOf(BinderError);
    return error as BinderError;
  }
  throw new Error("the binder was written without an error");
}

/** A model the way a partner's workspace looks: three controls, listed Module B first to check the order. */
async function ordinaryModel(): Promise<BinderModel> {
  const finops = await buildFileItem(store, {
    title: "FinOps review",
    fileName: "finops.pdf",
    content: "finops",
  });
  const litware = (items: BinderItem[]) =>
    buildCustomer({ tenantId: LITWARE, name: "Litware Health", items });
  return buildModel({
    controls: [
      buildControl({
        id: "B1.1",
        module: "B",
        title: "Portfolio Assessment",
        status: "not_met",
        customerCount: 1,
        required: 3,
        minimumArtifactsPerCustomer: 2,
        specialty: "AI-powered apps",
        missing: "2 more customers with 2 artifacts each",
        customers: [
          buildCustomer({
            tenantId: CONTOSO,
            name: "Contoso",
            items: [
              await buildFileItem(store, {
                title: "Portfolio assessment",
                fileName: "portfolio.pdf",
                content: Buffer.alloc(200_000, 7),
              }),
            ],
          }),
        ],
      }),
      buildControl({
        customers: [
          litware([
            finops,
            buildLinkItem({ title: "Architecture in the wiki" }),
            buildNoteItem({ title: "Decision log" }),
          ]),
          buildCustomer({
            tenantId: CONTOSO,
            name: "Contoso",
            items: [
              await buildFileItem(store, { title: "TAGA report", fileName: "taga.docx", content: "taga" }),
            ],
          }),
          buildCustomer({
            tenantId: ADATUM,
            name: null,
            counts: false,
            items: [
              await buildFileItem(store, { title: "Cost report", fileName: "cost.xlsx", content: "cost" }),
            ],
          }),
        ],
      }),
      buildControl({ id: "A1.2", title: "Cloud & AI Adoption Plan", customers: [litware([finops])] }),
    ],
    checkData: {
      auditEvidence: [
        {
          module: "A",
          control: "A1.1",
          customerTenantId: LITWARE,
          customerName: "Litware Health",
          deploymentDate: "2025-03-14",
          evidence: "FinOps review (assessment)",
        },
        {
          module: "A",
          control: "A1.1",
          customerTenantId: CONTOSO,
          customerName: 'Contoso, Inc. "West"',
          deploymentDate: "2024-11-02",
          evidence: null,
        },
        {
          module: "B",
          control: "B1.1",
          customerTenantId: CONTOSO,
          customerName: null,
          deploymentDate: "2024-11-02",
          evidence: "Portfolio assessment (assessment)",
        },
      ],
      auditHistory: [
        { module: "A", result: "Pass", date: "2024-02-01" },
        { module: "A+B", result: "No Pass", date: "2023-06-30" },
      ],
    },
  });
}

describe("writeBinder", () => {
  let model: BinderModel;
  let zip: { path: string; entries: ZipEntry[] };

  beforeAll(async () => {
    model = await ordinaryModel();
    zip = await zipOf(model);
  });

  it("puts the documents first, then the evidence by module, control, customer and title", () => {
    expect(zip.entries.map((e) => e.name)).toEqual([
      ...BINDER_DOCUMENTS,
      `${A11}/Contoso (${CONTOSO})/01 TAGA report - taga.docx`,
      `${A11}/${ADATUM}/01 Cost report - cost.xlsx`,
      `${A11}/Litware Health (${LITWARE})/01 Architecture in the wiki.url`,
      `${A11}/Litware Health (${LITWARE})/02 Decision log.txt`,
      `${A11}/Litware Health (${LITWARE})/03 FinOps review - finops.pdf`,
      `${A12}/Litware Health (${LITWARE})/01 FinOps review - finops.pdf`,
      `${B11}/Contoso (${CONTOSO})/01 Portfolio assessment - portfolio.pdf`,
    ]);
  });

  it("stores evidence files as uploaded, uncompressed, with the binder's time", () => {
    const portfolio = entry(
      zip.entries,
      `${B11}/Contoso (${CONTOSO})/01 Portfolio assessment - portfolio.pdf`,
    );
    expect(portfolio.data.equals(Buffer.alloc(200_000, 7))).toBe(true);
    expect(portfolio.compressionMethod).toBe(0);
    // An item linked to two controls is in both folders.
    expect(
      entry(zip.entries, `${A12}/Litware Health (${LITWARE})/01 FinOps review - finops.pdf`).data.toString(),
    ).toBe("finops");
    for (const e of zip.entries) expect(e.mtime.toISOString()).toBe(model.generatedAt);
  });

  it("writes links as internet shortcuts and notes as text", () => {
    expect(
      entry(
        zip.entries,
        `${A11}/Litware Health (${LITWARE})/01 Architecture in the wiki.url`,
      ).data.toString(),
    ).toBe("[InternetShortcut]\r\nURL=https://contoso.sharepoint.com/sites/ai/Architecture.aspx\r\n");
    expect(entry(zip.entries, `${A11}/Litware Health (${LITWARE})/02 Decision log.txt`).data.toString()).toBe(
      "Chose Azure AI Search S1.\r\nReviewed with the customer.\r\n",
    );
  });

  it("lists every evidence entry in manifest.csv, whose SHA-256 and size match the bytes in the ZIP", () => {
    const text = entry(zip.entries, "manifest.csv").data.toString("utf8");
    expect(text.startsWith(`\uFEFF${MANIFEST_COLUMNS.join(",")}\r\n`)).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
    const rows = manifestRows(zip.entries);
    const evidence = zip.entries.slice(BINDER_DOCUMENTS.length);
    expect(rows.map((r) => r.path)).toEqual(evidence.map((e) => e.name));
    for (const row of rows) {
      const data = entry(zip.entries, row.path as string).data;
      expect(row.sha256).toBe(sha256(data));
      expect(Number(row.size)).toBe(data.length);
    }
    const finops = rows.find(
      (r) => r.path === `${A11}/Litware Health (${LITWARE})/03 FinOps review - finops.pdf`,
    );
    expect(finops).toMatchObject({
      module: "A",
      control: "A1.1",
      customer_tenant_id: LITWARE,
      customer_name: "Litware Health",
      project: "Landing zone",
      completion_date: "2025-03-14",
      title: "FinOps review",
      artifact_type: "assessment",
      status: "approved",
      revision: "1",
      file_name: "finops.pdf",
      media_type: "application/pdf",
      uploaded_at: "2025-03-20T09:15:00.000Z",
      uploaded_by: "Ana Ruiz",
    });
    const link = rows.find((r) => r.path?.endsWith(".url"));
    expect(link).toMatchObject({ media_type: "application/x-mswinurl", revision: "", file_name: "" });
  });

  it("writes check-data/ so that specready check reads the same rows", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-binder-check-"));
    for (const name of ["check-data/audit-evidence.csv", "check-data/audit-history.csv"]) {
      await mkdir(join(dir, "check-data"), { recursive: true });
      await writeFile(join(dir, name), entry(zip.entries, name).data);
    }
    const loaded = await loadDataDir(join(dir, "check-data"), program);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join("\n"));
    expect(
      loaded.inputs.auditEvidence?.map((r) => ({
        module: r.module,
        control: r.control,
        customerTenantId: r.customerTenantId,
        customerName: r.customerName ?? null,
        deploymentDate: r.deploymentDate,
        evidence: r.evidence ?? null,
      })),
    ).toEqual(model.checkData.auditEvidence);
    expect(
      loaded.inputs.auditHistory?.map((r) => ({ module: r.module, result: r.result, date: r.date })),
    ).toEqual(model.checkData.auditHistory);
    const text = entry(zip.entries, "check-data/audit-evidence.csv").data.toString("utf8");
    expect(
      text.startsWith("\uFEFFModule,Control,CustomerTenantId,CustomerName,DeploymentDate,Evidence\r\n"),
    ).toBe(true);
  });

  it("writes a PDF", () => {
    const pdf = entry(zip.entries, "index.pdf").data;
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.toString("latin1").trimEnd().endsWith("%%EOF")).toBe(true);
  });

  it("counts artifacts in the PDF's readiness table in words: 1 artifact, 2 artifacts", async () => {
    // The table wraps its cells: compare the words, whatever the line breaks.
    const words = (text: string) => text.replace(/\s+/g, " ");
    const pages = pdfPageTexts(entry(zip.entries, "index.pdf").data);
    expect(words(pages[1] ?? "")).toContain("1 counting of 3 required, 2 artifacts each");
    const one = await zipOf(buildModel({ controls: [buildControl({ minimumArtifactsPerCustomer: 1 })] }));
    const text = words(pdfPageTexts(entry(one.entries, "index.pdf").data).join("\n"));
    expect(text).toContain("2 counting of 2 required, 1 artifact each");
    expect(text).not.toContain("1 artifacts");
  });

  it("writes a self-contained index.html whose links point at the files in the ZIP", () => {
    const html = entry(zip.entries, "index.html").data.toString("utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(/i);
    expect(html).toContain("Fabrikam Consulting");
    expect(html).toContain("Cloud &amp; AI Adoption Business Strategy");
    expect(html).toContain("2025-10-15");
    expect(html).toContain("Module B V1.7");
    const names = new Set(zip.entries.map((e) => e.name));
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] as string);
    const local = hrefs.filter((h) => !h.startsWith("#") && !h.startsWith("https://"));
    expect(local).toHaveLength(zip.entries.length - BINDER_DOCUMENTS.length);
    for (const href of local) {
      const path = href.replace(/&amp;/g, "&").split("/").map(decodeURIComponent).join("/");
      expect(names.has(path)).toBe(true);
    }
    expect(hrefs).toContain(
      `${encodeURIComponent("Module A")}/${encodeURIComponent("A1.1 Cloud & AI Adoption Business Strategy").replace(/&/g, "&amp;")}/${encodeURIComponent(`Contoso (${CONTOSO})`)}/${encodeURIComponent("01 TAGA report - taga.docx")}`,
    );
  });

  it("gives the same bytes for the same model", async () => {
    const again = await streamToFile(writeBinder(model, store.open));
    expect((await readFile(again)).equals(await readFile(zip.path))).toBe(true);
  });
});

describe("writeBinder with hostile names", () => {
  let model: BinderModel;
  let entries: ZipEntry[];
  const long = "L".repeat(300);

  beforeAll(async () => {
    const item = (title: string, fileName: string) =>
      buildFileItem(store, { title, fileName, content: title });
    model = buildModel({
      organization: "<b>Fabrikam</b> & Co",
      controls: [
        buildControl({
          title: "Strategy / ../ plan",
          customers: [
            buildCustomer({
              tenantId: LITWARE,
              name: "../../etc/passwd",
              items: [
                await item("../../etc/passwd", "../../etc/passwd"),
                await item("CON", "CON"),
                await item("a:b*c?", "a:b*c?.pdf"),
                await item(long, `${long}.pdf`),
                await item("🚀 Launch 😀", "räksmörgås.pdf"),
                await item("<script>alert(1)</script>", "x.html"),
              ],
            }),
            buildCustomer({
              tenantId: CONTOSO,
              name: "=cmd|' /C calc'!A0",
              items: [
                await item('=HYPERLINK("http://evil.example","Open")', "h.pdf"),
                await item("+1", "p.pdf"),
                await item("-2+3", "m.pdf"),
                await item("-2", "n.pdf"),
                await item("@SUM(A1:A2)", "s.pdf"),
                buildLinkItem({ title: "Run me", url: "javascript:alert(1)" }),
                buildLinkItem({ title: "Injected", url: "https://example.com/a\r\nIconFile=\\\\evil\\x" }),
              ],
            }),
            buildCustomer({ tenantId: "CON", name: null, items: [buildNoteItem({ title: "." })] }),
          ],
        }),
      ],
      checkData: {
        auditEvidence: [
          {
            module: "A",
            control: "A1.1",
            customerTenantId: CONTOSO,
            customerName: "=cmd|' /C calc'!A0",
            deploymentDate: "2025-03-14",
            evidence: "-2 (assessment)",
          },
        ],
        auditHistory: [],
      },
    });
    ({ entries } = await zipOf(model));
  });

  it("makes every path segment safe", () => {
    for (const e of entries.slice(BINDER_DOCUMENTS.length)) {
      for (const segment of e.name.split("/")) {
        expect(segment).not.toMatch(/^\.{1,2}$|[\\<>:"|?*\p{Cc}]|[\s.]$/u);
        expect(segment.length).toBeLessThanOrEqual(100);
      }
    }
    const folder = `Module A/A1.1 Strategy _ .._ plan/_.._etc_passwd (${LITWARE})/`;
    const files = entries.filter((e) => e.name.startsWith(folder)).map((e) => e.name.slice(folder.length));
    // Numbered in title order; the names below without their number.
    expect(files.map((f) => f.slice(0, 3))).toEqual(["01 ", "02 ", "03 ", "04 ", "05 ", "06 "]);
    expect(files.map((f) => f.slice(3)).sort()).toEqual(
      [
        ".._.._etc_passwd - .._.._etc_passwd",
        "_script_alert(1)__script_ - x.html",
        // A file named as its item is named once.
        "a_b_c_.pdf",
        "CON",
        `${"L".repeat(93)}.pdf`,
        "🚀 Launch 😀 - räksmörgås.pdf",
      ].sort(),
    );
    expect(entries.map((e) => e.name)).toContain("Module A/A1.1 Strategy _ .._ plan/_CON/01 ..txt");
  });

  it("keeps a shortcut to a web address only, without injected lines", () => {
    const shortcut = entries.find((e) => e.name.endsWith("Injected.url"));
    expect(shortcut?.data.toString()).toBe(
      "[InternetShortcut]\r\nURL=https://example.com/aIconFile=//evil/x\r\n",
    );
    const script = entries.find((e) => e.name.includes("Run me"));
    expect(script?.name.endsWith("Run me.txt")).toBe(true);
    expect(script?.data.toString()).toBe("javascript:alert(1)\r\n");
  });

  it("prefixes formula-like cells in manifest.csv; a plain number is a value, not a formula", () => {
    const text = entry(entries, "manifest.csv").data.toString("utf8");
    const titles = manifestRows(entries).map((r) => r.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        "+1",
        "-2",
        "'-2+3",
        "'@SUM(A1:A2)",
        '\'=HYPERLINK("http://evil.example","Open")',
      ]),
    );
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""Open"")"');
    expect(manifestRows(entries).filter((r) => r.customer_tenant_id === CONTOSO)[0]?.customer_name).toBe(
      "'=cmd|' /C calc'!A0",
    );
    for (const row of manifestRows(entries))
      for (const cell of Object.values(row)) if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^[+-]\d+$/);
  });

  it("prefixes the free-text cells of check-data; ids and dates never need it", () => {
    const [, row] = parseCsv(entry(entries, "check-data/audit-evidence.csv").data.toString("utf8"));
    expect(row).toEqual(["A", "A1.1", CONTOSO, "'=cmd|' /C calc'!A0", "2025-03-14", "'-2 (assessment)"]);
  });

  it("escapes every text in index.html", () => {
    const html = entry(entries, "index.html").data.toString("utf8");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<b>Fabrikam</b>");
    expect(html).toContain("&lt;b&gt;Fabrikam&lt;/b&gt; &amp; Co");
    expect(html).not.toContain('href="javascript:');
  });

  it("writes a PDF even for names Helvetica cannot show", () => {
    const pdf = entry(entries, "index.pdf").data.toString("latin1");
    expect(pdf.startsWith("%PDF-")).toBe(true);
    expect(pdf.trimEnd().endsWith("%%EOF")).toBe(true);
  });
});

describe("writeBinder index.pdf", () => {
  it("repeats the table header and the control on every page, and shows non-Latin names as ?", async () => {
    const items = Array.from({ length: 45 }, (_, i) => buildLinkItem({ title: `Evidence ${i + 1}` }));
    const model = buildModel({
      controls: [
        buildControl({
          customers: [
            buildCustomer({ tenantId: LITWARE, name: "東京 Systems", items }),
            buildCustomer({ tenantId: CONTOSO, name: "Contoso", items }),
          ],
        }),
      ],
    });
    const { entries } = await zipOf(model);
    const pages = pdfPageTexts(entry(entries, "index.pdf").data);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages[0]).toContain("Fabrikam Consulting");
    expect(pages[0]).toContain("Readiness at the audit date");
    expect(pages[1]).toContain("Readiness by control");
    for (const [i, page] of pages.slice(2).entries()) {
      expect(page).toContain(i === 0 ? "Controls and evidence" : "Controls and evidence (continued)");
      expect(page).toContain("Completed");
      expect(page).toContain("Review and approver");
      expect(page).toContain("A1.1 Cloud & AI Adoption");
      expect(page).toContain(`Page ${i + 3}`);
    }
    expect(pages.join("\n")).toContain("?? Systems");
    expect(pages.join("\n")).toContain("Evidence 45");
  });
});

describe("writeBinder review status and approvers", () => {
  it("marks each item's status and approver in index.html, index.pdf and manifest.csv, self-approvals said so", async () => {
    const approved = await buildFileItem(store, { title: "Signed SOW", content: "sow" });
    const selfApproved = await buildFileItem(store, {
      title: "As-built",
      content: "as built",
      approval: { by: "Solo Admin", at: "2025-03-22T08:00:00.000Z", selfApproved: true },
    });
    const waiting = buildLinkItem({ title: "Design in the wiki", status: "ready" });
    const model = buildModel({
      contents: "all",
      controls: [
        buildControl({
          id: "B3.1",
          module: "B",
          title: "Deployment",
          status: "not_met",
          customerCount: 1,
          required: 3,
          pending: { items: 1, customers: 1 },
          customers: [
            buildCustomer({ items: [approved, selfApproved] }),
            buildCustomer({ tenantId: CONTOSO, name: "Contoso", counts: false, items: [waiting] }),
          ],
        }),
      ],
    });
    const { entries } = await zipOf(model);
    const rows = manifestRows(entries);
    const byTitle = (t: string) => rows.find((r) => r.title === t);
    expect(byTitle("Signed SOW")).toMatchObject({
      status: "approved",
      approved_by: "Bea Reviewer",
      approved_at: "2025-03-21T10:00:00.000Z",
      self_approved: "no",
    });
    expect(byTitle("As-built")).toMatchObject({
      status: "approved",
      approved_by: "Solo Admin",
      self_approved: "yes",
    });
    expect(byTitle("Design in the wiki")).toMatchObject({
      status: "ready",
      approved_by: "",
      self_approved: "",
    });

    const html = entry(entries, "index.html").data.toString("utf8");
    expect(html).toContain("Approved by Bea Reviewer, 2025-03-21 10:00 UTC");
    expect(html).toContain("Self-approved by its author Solo Admin (allowed in this organization)");
    expect(html).toContain("Ready for review — not approved yet, does not count");
    expect(html).toContain("1 counting of 3 required; 1 more pending review");
    expect(html).toContain("evidence not approved yet");

    const pdf = pdfPageTexts(entry(entries, "index.pdf").data).join("\n");
    expect(pdf).toContain("Review and approver");
    expect(pdf).toContain("Approved by Bea Reviewer");
    expect(pdf).toContain("Self-approved by its author Solo Admin");
    expect(pdf).toContain("not approved yet");
  });
});

describe("writeBinder failures", () => {
  it("fails the stream, naming the item, when a file's bytes are not the uploaded ones", async () => {
    const item = await buildFileItem(store, { title: "Signed SOW", fileName: "sow.pdf", content: "signed" });
    const tampered: BinderItem = {
      ...item,
      file: { ...(item.file as NonNullable<BinderItem["file"]>), sha256: sha256(Buffer.from("other")) },
    };
    const model = buildModel({
      controls: [buildControl({ customers: [buildCustomer({ items: [tampered] })] })],
    });
    const error = await binderError(model);
    expect(error.code).toBe("binder.file_changed");
    expect(error.evidenceId).toBe(item.evidenceId);
    expect(error.message).toContain('"Signed SOW"');
    expect(error.message).toContain(item.evidenceId);
    expect(error.message).toContain("sow.pdf");
    expect(error.message).toContain("SHA-256");
  });

  it("fails the stream when a stored file is shorter or longer than uploaded", async () => {
    const item = await buildFileItem(store, { title: "As-built", content: "as built document" });
    const file = item.file as NonNullable<BinderItem["file"]>;
    for (const size of [file.size - 3, file.size + 3]) {
      const model = buildModel({
        controls: [
          buildControl({ customers: [buildCustomer({ items: [{ ...item, file: { ...file, size } }] })] }),
        ],
      });
      const error = await binderError(model);
      expect(error.code).toBe("binder.file_changed");
      expect(error.message).toContain("bytes");
    }
  });

  it("fails the stream when a file cannot be opened, and opens no other", async () => {
    const first = await buildFileItem(store, { title: "A first", content: "1" });
    const missing = await buildFileItem(store, { title: "B missing", content: "2" });
    const last = await buildFileItem(store, { title: "C last", content: "3" });
    const model = buildModel({
      controls: [buildControl({ customers: [buildCustomer({ items: [last, missing, first] })] })],
    });
    const opened: string[] = [];
    const error = await binderError(model, async (key) => {
      opened.push(key);
      if (key === missing.file?.storageKey) throw new Error("no stored object under the key");
      return store.open(key);
    });
    expect(error.code).toBe("binder.file_unreadable");
    expect(error.message).toContain('"B missing"');
    expect(error.message).toContain("no stored object under the key");
    expect(opened).toEqual([first.file?.storageKey, missing.file?.storageKey]);
  });

  it("fails the stream when a file stream breaks midway", async () => {
    const item = await buildFileItem(store, { title: "Test report", content: Buffer.alloc(100_000, 1) });
    const model = buildModel({ controls: [buildControl({ customers: [buildCustomer({ items: [item] })] })] });
    const error = await binderError(model, async () => {
      const broken = new PassThrough();
      broken.write(Buffer.alloc(1000, 1));
      setTimeout(() => broken.destroy(new Error("connection reset by the storage account")), 20);
      return broken;
    });
    expect(error.code).toBe("binder.file_unreadable");
    expect(error.message).toContain('"Test report"');
    expect(error.message).toContain("connection reset");
  });

  it("rejects at once a model whose file item has no file", () => {
    const model = buildModel({
      controls: [
        buildControl({
          customers: [buildCustomer({ items: [{ ...buildNoteItem(), kind: "file", title: "Orphan" }] })],
        }),
      ],
    });
    expect(() => writeBinder(model, store.open)).toThrow(/"Orphan".*no file/);
  });
});

describe("writeBinder streaming", () => {
  it("opens one file at a time, in ZIP order, and closes each", async () => {
    const items = await Promise.all(
      ["one", "two", "three", "four"].map((t) =>
        buildFileItem(store, { title: t, content: Buffer.alloc(300_000, t) }),
      ),
    );
    const model = buildModel({ controls: [buildControl({ customers: [buildCustomer({ items })] })] });
    let open = 0;
    let most = 0;
    const opened: string[] = [];
    await streamToFile(
      writeBinder(model, async (key) => {
        open++;
        most = Math.max(most, open);
        opened.push(key);
        const stream = await store.open(key);
        stream.on("close", () => open--);
        return stream;
      }),
    );
    expect(most).toBe(1);
    expect(open).toBe(0);
    const byTitle = [...items].sort((a, b) => a.title.localeCompare(b.title));
    expect(opened).toEqual(byTitle.map((i) => i.file?.storageKey));
  });

  it("closes the file being read and opens no other when the reader goes away", async () => {
    const items = await Promise.all(
      ["a", "b"].map((t) => buildFileItem(store, { title: t, content: Buffer.alloc(2_000_000, t) })),
    );
    const model = buildModel({ controls: [buildControl({ customers: [buildCustomer({ items })] })] });
    const opened: Readable[] = [];
    const output = writeBinder(model, async (key) => {
      const stream = await store.open(key);
      opened.push(stream);
      return stream;
    });
    let received = 0;
    await new Promise<void>((resolve) => {
      output.on("data", (chunk: Buffer) => {
        received += chunk.length;
        // Well into the first file: the documents are a few KB.
        if (received > 500_000 && !output.destroyed) {
          output.destroy();
          resolve();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(opened).toHaveLength(1);
    expect(opened[0]?.destroyed).toBe(true);
  });

  it("streams a file it is given as a stream, whatever its chunks", async () => {
    const content = Buffer.from("x".repeat(10_000));
    const item = await buildFileItem(store, { title: "Chunked", content });
    const model = buildModel({ controls: [buildControl({ customers: [buildCustomer({ items: [item] })] })] });
    const path = await streamToFile(
      writeBinder(model, async () =>
        Readable.from([content.subarray(0, 1), content.subarray(1, 4097), content.subarray(4097)]),
      ),
    );
    const entries = await readZip(path);
    expect(entries.at(-1)?.data.equals(content)).toBe(true);
  });
});
