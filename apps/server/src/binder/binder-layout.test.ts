import { describe, expect, it } from "vitest";
import { BinderError } from "./binder-error.js";
import { compareText, fileEntryName, layoutBinder } from "./binder-layout.js";
import type { BinderItem } from "./binder-model.js";
import {
  buildControl,
  buildCustomer,
  buildLinkItem,
  buildModel,
  buildNoteItem,
} from "./test-support/binder-fixtures.js";

const FILE: NonNullable<BinderItem["file"]> = {
  storageKey: "orgs/o/evidence/e/1-k",
  fileName: "sow.pdf",
  size: 10,
  sha256: "a".repeat(64),
  mediaType: "application/pdf",
  revision: 2,
  uploadedAt: "2025-03-20T09:15:00.000Z",
  uploadedBy: "Ana Ruiz",
};

function fileItem(fields: Partial<BinderItem> = {}): BinderItem {
  return { ...buildNoteItem(), kind: "file", note: undefined, file: FILE, ...fields };
}

function layoutOf(items: BinderItem[]) {
  return layoutBinder(buildModel({ controls: [buildControl({ customers: [buildCustomer({ items })] })] }));
}

describe("layoutBinder", () => {
  it("numbers items in title order, with as many digits as the folder needs", () => {
    const items = Array.from({ length: 120 }, (_, i) => buildNoteItem({ title: `Step ${i + 1}` }));
    const names = layoutOf(items.reverse()).entries.map((e) => e.name);
    expect(names[0]).toBe("001 Step 1.txt");
    expect(names[1]).toBe("002 Step 2.txt");
    expect(names[9]).toBe("010 Step 10.txt");
    expect(names[119]).toBe("120 Step 120.txt");
  });

  it("orders text the same on every server: numbers by value, case ignored, ties by code unit", () => {
    expect(["Step 10", "step 2", "Step 2", "Audit"].sort(compareText)).toEqual([
      "Audit",
      "Step 2",
      "step 2",
      "Step 10",
    ]);
  });

  it("puts Module A before Module B, keeping the checklist order within a module", () => {
    const model = buildModel({
      controls: ["B2.1", "A1.2", "B1.1", "A1.1"].map((id) =>
        buildControl({
          id,
          module: id[0] as "A" | "B",
          title: `Control ${id}`,
          customers: [buildCustomer({ items: [buildNoteItem()] })],
        }),
      ),
    });
    expect(layoutBinder(model).controls.map((c) => c.control.id)).toEqual(["A1.2", "A1.1", "B2.1", "B1.1"]);
  });

  it("gives customers of the same name their own folders, named with the tenant id", () => {
    const model = buildModel({
      controls: [
        buildControl({
          customers: [
            buildCustomer({ tenantId: "t-2", name: "Contoso", items: [buildNoteItem()] }),
            buildCustomer({ tenantId: "t-1", name: "Contoso", items: [buildNoteItem()] }),
          ],
        }),
      ],
    });
    expect(layoutBinder(model).entries.map((e) => e.path)).toEqual([
      "Module A/A1.1 Cloud & AI Adoption Business Strategy/Contoso (t-1)/01 Decision log.txt",
      "Module A/A1.1 Cloud & AI Adoption Business Strategy/Contoso (t-2)/01 Decision log.txt",
    ]);
  });

  it("puts an item linked to several controls in each control's folder", () => {
    const shared = fileItem({ title: "Signed SOW" });
    const model = buildModel({
      controls: [
        buildControl({ customers: [buildCustomer({ items: [shared] })] }),
        buildControl({
          id: "B3.1",
          module: "B",
          title: "Deployment",
          customers: [buildCustomer({ items: [shared] })],
        }),
      ],
    });
    const entries = layoutBinder(model).entries;
    expect(entries.map((e) => e.path)).toEqual([
      "Module A/A1.1 Cloud & AI Adoption Business Strategy/Litware Health (0b6f2d9e-1a2b-4c3d-8e9f-101112131415)/01 Signed SOW - sow.pdf",
      "Module B/B3.1 Deployment/Litware Health (0b6f2d9e-1a2b-4c3d-8e9f-101112131415)/01 Signed SOW - sow.pdf",
    ]);
    expect(entries.map((e) => e.sha256)).toEqual(["a".repeat(64), "a".repeat(64)]);
  });

  it("makes web links shortcuts and any other link a text file", () => {
    const [web, script, broken] = layoutOf([
      buildLinkItem({ title: "a web", url: "https://example.com/x y" }),
      buildLinkItem({ title: "b script", url: "javascript:alert(1)" }),
      buildLinkItem({ title: "c unc", url: "\\\\server\\share" }),
    ]).entries;
    expect(web?.name).toBe("01 a web.url");
    expect(web?.mediaType).toBe("application/x-mswinurl");
    expect(web?.content.kind === "generated" && web.content.bytes.toString()).toBe(
      "[InternetShortcut]\r\nURL=https://example.com/x%20y\r\n",
    );
    expect(script?.name).toBe("02 b script.txt");
    expect(broken?.name).toBe("03 c unc.txt");
  });

  it("rejects an item without its file, URL or note, or with a malformed SHA-256 or size", () => {
    const cases: BinderItem[] = [
      fileItem({ file: undefined }),
      fileItem({ file: { ...FILE, sha256: "not-a-hash" } }),
      fileItem({ file: { ...FILE, size: -1 } }),
      buildLinkItem({ url: undefined }),
      buildNoteItem({ note: undefined }),
    ];
    for (const item of cases) {
      let error: unknown;
      try {
        layoutOf([item]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BinderError);
      expect((error as BinderError).code).toBe("binder.invalid_model");
      expect((error as BinderError).message).toContain(item.evidenceId);
    }
  });
});

describe("fileEntryName", () => {
  it("names a file after its item, and once only when the file is named as the item", () => {
    expect(fileEntryName("01", "Signed SOW", "sow.pdf")).toBe("01 Signed SOW - sow.pdf");
    expect(fileEntryName("01", "FinOps review", "FinOps review.pdf")).toBe("01 FinOps review.pdf");
    expect(fileEntryName("02", "finops review ", "FinOps Review.pdf")).toBe("02 FinOps Review.pdf");
    // Accents differ: both are kept, as they are different words.
    expect(fileEntryName("03", "Résumé", "Resume.pdf")).toBe("03 Résumé - Resume.pdf");
    expect(fileEntryName("04", "README", "README")).toBe("04 README");
  });
});
