import { csvText } from "@specready/core/csv";
import { type DemoEvidence, type DemoProject, demoWorkspace } from "@specready/ingest";
import PDFDocument from "pdfkit";

/*
 * The demo's evidence files: small but real documents (a one-page PDF, a CSV export, a JSON export) so
 * the evidence page, the type detection, the downloads and the binder work on the demo as on a
 * partner's own files. Their content is the demo's data (packages/ingest/demo-partner/workspace.json).
 */

/** The bytes of a demo evidence file. */
export async function demoEvidenceFile(
  item: DemoEvidence & { file: NonNullable<DemoEvidence["file"]> },
  project: DemoProject,
  partner: string,
): Promise<Buffer> {
  const files = demoWorkspace().evidenceFiles;
  switch (item.file.kind) {
    case "csv": {
      // Written by the product's one CSV writer, as an export without a byte-order mark.
      const { header, rows } = files.csv;
      const cells = rows.map((row) => row.map((cell) => cell.replaceAll("{customer}", project.customerName)));
      return Buffer.from(csvText([header, ...cells], { bom: false }), "utf8");
    }
    case "json": {
      const { version, items } = files.json;
      const workbook = { version, title: `${project.customerName} – ${item.title}`, items };
      return Buffer.from(`${JSON.stringify(workbook, null, 2)}\n`, "utf8");
    }
    case "pdf":
      return pdf(item, project, partner, files.pdf.footnote);
  }
}

function pdf(item: DemoEvidence, project: DemoProject, partner: string, footnote: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      margin: 56,
      info: { Title: `${item.title} – ${project.customerName}`, Author: partner, Creator: "specready demo" },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.fontSize(20).text(item.title);
    doc.moveDown(0.5).fontSize(12).fillColor("#444444");
    doc.text(`${project.customerName} – ${project.project}`);
    doc.text(`Prepared by ${partner}; project completed ${project.completionDate}.`);
    doc.moveDown().fillColor("#000000");
    doc.text(
      `${item.artifactType} for control ${item.control} of the AI Platform on Microsoft Azure audit checklist. ` +
        `Workload: ${project.workload}${project.aiServices.length > 0 ? ` (${project.aiServices.join(", ")})` : ""}.`,
    );
    doc.moveDown();
    doc.text(footnote, {
      oblique: true,
    });
    doc.end();
  });
}
