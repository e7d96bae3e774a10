import type { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { plural } from "@specready/core";
import PDFDocument from "pdfkit";
import {
  contentsLabel,
  controlStatusLabel,
  customerLabel,
  customersLabel,
  formatCount,
  formatTimestamp,
  moduleALabel,
  modulesLabel,
  reviewLabel,
} from "./binder-labels.js";
import type { BinderLayout, ControlLayout } from "./binder-layout.js";
import type { BinderModel } from "./binder-model.js";
import { toWinAnsi } from "./win-ansi.js";

/*
 * index.pdf: the binder as one printable document, made in-process with pdfkit (no browser). Standard
 * Helvetica, so no font file ships; its WinAnsi encoding is why every text goes through toWinAnsi.
 * pdfkit pushes each finished page into its stream; the table yields to the event loop between pages
 * so a long binder does not hold up other requests. (pdfkit ignores back-pressure, so the pages not yet
 * zipped wait in memory: a few KB per page, the evidence files never.)
 */

const MARGIN = 40;
const FOOTER_GAP = 22;
const CELL_PADDING = 3;
const TABLE_FONT_SIZE = 8;
/** A cell longer than this is cut: the PDF is an overview, index.html and the files have everything. */
const MAX_CELL_CHARS = 300;

interface Column {
  readonly header: string;
  readonly width: number;
}

// A4 landscape: 842 x 595 points; 762 points between the margins.
const SUMMARY_COLUMNS: readonly Column[] = [
  { header: "Control", width: 230 },
  { header: "Status", width: 56 },
  { header: "Customers", width: 140 },
  { header: "Specialty", width: 106 },
  { header: "Missing", width: 230 },
];
const EVIDENCE_COLUMNS: readonly Column[] = [
  { header: "Control", width: 118 },
  { header: "Status", width: 46 },
  { header: "Customer", width: 124 },
  { header: "Evidence", width: 170 },
  { header: "Artifact type", width: 96 },
  { header: "Completed", width: 58 },
  { header: "Review and approver", width: 150 },
];

type Doc = PDFKit.PDFDocument;

function pdfText(text: string): string {
  const t = toWinAnsi(text);
  return t.length > MAX_CELL_CHARS ? `${t.slice(0, MAX_CELL_CHARS - 1)}…` : t;
}

/** Adds pages, each with its footer ("Page n"). */
class Pager {
  private page = 0;

  constructor(
    private readonly doc: Doc,
    private readonly model: BinderModel,
  ) {}

  add(): void {
    const doc = this.doc;
    doc.addPage();
    this.page++;
    const margins = doc.page.margins;
    // Text below the bottom margin would make pdfkit start a new page: lift the margin while writing.
    const saved = margins.bottom;
    margins.bottom = 0;
    const line = doc.page.height - MARGIN;
    doc.font("Helvetica").fontSize(7.5).fillColor("#555555");
    doc.text(
      pdfText(
        `Evidence binder — ${this.model.organization} — generated ${formatTimestamp(this.model.generatedAt)}`,
      ),
      MARGIN,
      line,
      { width: doc.page.width - 2 * MARGIN - 60, lineBreak: false },
    );
    doc.text(`Page ${this.page}`, doc.page.width - MARGIN - 60, line, {
      width: 60,
      align: "right",
      lineBreak: false,
    });
    margins.bottom = saved;
    doc.fillColor("#000000");
    doc.x = MARGIN;
    doc.y = MARGIN;
  }

  /** The lowest y a table row may reach. */
  bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER_GAP;
  }
}

/** A table whose header is repeated at the top of every page it runs onto. */
class Table {
  constructor(
    private readonly doc: Doc,
    private readonly pager: Pager,
    private readonly title: string,
    private readonly columns: readonly Column[],
  ) {}

  private width(): number {
    return this.columns.reduce((n, c) => n + c.width, 0);
  }

  private height(cells: readonly string[], bold: boolean): number {
    const doc = this.doc;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(TABLE_FONT_SIZE);
    let height = 0;
    for (const [i, cell] of cells.entries()) {
      const width = (this.columns[i]?.width ?? 50) - 2 * CELL_PADDING;
      height = Math.max(height, doc.heightOfString(cell, { width }));
    }
    return height + 2 * CELL_PADDING;
  }

  private draw(cells: readonly string[], bold: boolean, fill: string | undefined, rule: number): void {
    const doc = this.doc;
    const height = this.height(cells, bold);
    const top = doc.y;
    if (fill !== undefined) doc.rect(MARGIN, top, this.width(), height).fill(fill).fillColor("#000000");
    doc
      .moveTo(MARGIN, top)
      .lineTo(MARGIN + this.width(), top)
      .lineWidth(rule)
      .strokeColor("#999999")
      .stroke();
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(TABLE_FONT_SIZE);
    let x = MARGIN;
    for (const [i, cell] of cells.entries()) {
      const w = this.columns[i]?.width ?? 50;
      doc.text(cell, x + CELL_PADDING, top + CELL_PADDING, { width: w - 2 * CELL_PADDING });
      x += w;
    }
    doc.x = MARGIN;
    doc.y = top + height;
  }

  /** Starts the table on a new page: its title, then the header row. */
  newPage(continued: boolean): void {
    this.pager.add();
    const doc = this.doc;
    doc
      .font("Helvetica-Bold")
      .fontSize(13)
      .text(pdfText(continued ? `${this.title} (continued)` : this.title), MARGIN, MARGIN);
    doc.moveDown(0.4);
    this.draw(
      this.columns.map((c) => c.header),
      true,
      "#e8e8e8",
      0.4,
    );
  }

  /**
   * Writes a row. `repeat` gives the cells to show instead when the row opens a page (the control and
   * customer a reader would otherwise have to look for on the previous page). True when it did.
   */
  row(cells: readonly string[], repeat: readonly string[], rule: number): boolean {
    if (this.doc.y + this.height(cells, false) <= this.pager.bottom()) {
      this.draw(cells, false, undefined, rule);
      return false;
    }
    this.newPage(true);
    this.draw(repeat, false, undefined, rule);
    return true;
  }
}

function fact(doc: Doc, term: string, value: string): void {
  const y = doc.y;
  doc.font("Helvetica-Bold").fontSize(11).text(pdfText(term), MARGIN, y, { width: 170 });
  const afterTerm = doc.y;
  doc.font("Helvetica").text(pdfText(value), MARGIN + 180, y, { width: doc.page.width - 2 * MARGIN - 180 });
  doc.y = Math.max(afterTerm, doc.y) + 3;
}

function cover(doc: Doc, pager: Pager, model: BinderModel, layout: BinderLayout): void {
  pager.add();
  doc
    .font("Helvetica-Bold")
    .fontSize(24)
    .text(pdfText("Evidence binder"), MARGIN, MARGIN + 10);
  doc.fontSize(18).text(pdfText(model.organization));
  doc
    .font("Helvetica")
    .fontSize(13)
    .fillColor("#333333")
    .text(pdfText(model.program.name))
    .fillColor("#000000");
  doc.moveDown(1);
  fact(doc, "Program", `${model.program.name} (${model.program.id})`);
  fact(doc, "Modules audited", modulesLabel(model));
  fact(doc, "Application date", model.plan.applicationDate ?? "Not set");
  fact(doc, "Audit date", model.plan.auditDate ?? "Not set");
  fact(doc, "Checklist, Module A", model.plan.checklists.A);
  fact(doc, "Checklist, Module B", model.plan.checklists.B);
  fact(doc, "Contents", contentsLabel(model));
  fact(doc, "Generated by", model.generatedBy);
  fact(doc, "Generated at", formatTimestamp(model.generatedAt));
  doc.moveDown(0.8);
  doc.font("Helvetica-Bold").fontSize(15).text(pdfText("Readiness at the audit date"), MARGIN);
  doc.moveDown(0.3);
  const s = model.summary;
  fact(doc, "Verdict", s.ready ? "Ready for the audit" : "Not ready for the audit");
  fact(doc, "Controls met", `${s.controlsMet} of ${s.controlsTotal}`);
  fact(doc, "Module A", moduleALabel(model));
  fact(doc, "Evidence files", formatCount(layout.entries.length));
}

function summaryTable(doc: Doc, pager: Pager, layout: BinderLayout): void {
  const table = new Table(doc, pager, "Readiness by control", SUMMARY_COLUMNS);
  table.newPage(false);
  for (const { control: c } of layout.controls) {
    const cells = [
      pdfText(`${c.id} ${c.title}`),
      controlStatusLabel(c.status),
      `${customersLabel(c)}${
        c.minimumArtifactsPerCustomer === null
          ? ""
          : `, ${plural(c.minimumArtifactsPerCustomer, "artifact")} each`
      }`,
      pdfText(c.specialty ?? "—"),
      pdfText(c.missing ?? "Nothing"),
    ];
    table.row(cells, cells, 0.4);
  }
}

/** One table row per evidence entry; a customer without entries and a control without customers get one too. */
function* evidenceRows(layout: ControlLayout): Generator<{ customer: string; cells: string[] }> {
  const c = layout.control;
  const control = pdfText(`${c.id} ${c.title}`);
  const status = controlStatusLabel(c.status);
  if (layout.customers.length === 0) {
    yield { customer: "", cells: [control, status, "—", "No customer evidence", "", "", ""] };
  }
  for (const { customer, entries } of layout.customers) {
    const who = pdfText(`${customerLabel(customer)}${customer.counts ? "" : " — does not count"}`);
    if (entries.length === 0)
      yield { customer: who, cells: [control, status, who, "No evidence", "", "", ""] };
    for (const entry of entries) {
      yield {
        customer: who,
        cells: [
          control,
          status,
          who,
          pdfText(entry.item.title),
          pdfText(entry.item.artifactType),
          pdfText(entry.item.completionDate),
          pdfText(reviewLabel(entry.item)),
        ],
      };
    }
  }
}

async function write(doc: Doc, model: BinderModel, layout: BinderLayout): Promise<void> {
  const pager = new Pager(doc, model);
  cover(doc, pager, model, layout);
  summaryTable(doc, pager, layout);
  const table = new Table(doc, pager, "Controls and evidence", EVIDENCE_COLUMNS);
  table.newPage(false);
  for (const control of layout.controls) {
    let first = true;
    let lastCustomer: string | undefined;
    for (const { customer, cells } of evidenceRows(control)) {
      // The control and the customer are written on their first row only, and again atop a new page.
      const shown = [
        first ? cells[0] : "",
        first ? cells[1] : "",
        customer === lastCustomer ? "" : cells[2],
        ...cells.slice(3),
      ].map((c) => c ?? "");
      if (table.row(shown, cells, first ? 1.2 : 0.4)) {
        await nextTurn();
        // The binder failed or its reader went away: stop writing pages nobody reads.
        if (doc.destroyed) return;
      }
      first = false;
      lastCustomer = customer;
    }
  }
  doc.end();
}

/**
 * index.pdf as a stream: a cover page (organization, program, plan, who generated it and when) with the
 * readiness summary, then the control-by-control table (control, status, customer, evidence title,
 * artifact type, date, review status with its approver), its header repeated on every page. Deterministic for a model: the creation date
 * is `generatedAt`, and pdfkit derives the document id from it. A failure destroys the stream with it.
 */
export function binderPdf(model: BinderModel, layout: BinderLayout): Readable {
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: MARGIN,
    autoFirstPage: false,
    lang: "en",
    displayTitle: true,
    info: {
      // Metadata strings are Unicode in PDF: names are kept exactly.
      Title: `Evidence binder — ${model.organization}`,
      Author: model.generatedBy,
      Subject: model.program.name,
      Creator: "specready",
      CreationDate: new Date(model.generatedAt),
    },
  });
  write(doc, model, layout).catch((error: unknown) => {
    doc.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return doc as unknown as Readable;
}
