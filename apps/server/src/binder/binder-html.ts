import {
  contentsLabel,
  controlStatusLabel,
  customersLabel,
  formatBytes,
  formatCount,
  formatTimestamp,
  moduleALabel,
  modulesLabel,
  reviewLabel,
} from "./binder-labels.js";
import type { BinderLayout, ControlLayout, CustomerLayout, EvidenceEntry } from "./binder-layout.js";
import type { BinderModel } from "./binder-model.js";
import { escapeHtml as e } from "./escape-html.js";

/*
 * index.html: the binder's front page, opened from the unzipped folder. Self-contained (inline CSS, no
 * script, no external resource, and a Content-Security-Policy saying so), so it shows the same offline,
 * years later, in any browser. Every value is escaped; links are relative paths into the ZIP.
 */

const STYLE = `
:root { color-scheme: light; }
body { font-family: "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1b1b1b; background: #fff; margin: 0 auto; max-width: 80rem; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 .75rem; border-bottom: 2px solid #0f6cbd; padding-bottom: .25rem; }
h3 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
a { color: #0f548c; }
a:focus-visible { outline: 3px solid #0f6cbd; outline-offset: 2px; }
.subtitle { font-size: 1.1rem; margin: 0 0 1rem; color: #424242; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.25rem; margin: .5rem 0 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.status { display: inline-block; font-weight: 600; padding: 0 .5rem; border-radius: .25rem; border: 1px solid; }
.status-met, .status-ready { color: #0e4d0e; background: #e7f4e4; border-color: #107c10; }
.status-not_met, .status-not-ready { color: #8a1c1c; background: #fdecea; border-color: #c50f1f; }
.status-waived { color: #3b3a39; background: #f3f2f1; border-color: #8a8886; }
.review-pending { color: #8a4600; font-weight: 600; }
.review-self { color: #8a4600; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #c8c6c4; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #f3f2f1; }
tbody th { background: #faf9f8; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
code.hash { font-family: Consolas, "Cascadia Mono", Menlo, monospace; font-size: .8rem; word-break: break-all; }
.muted { color: #605e5c; }
.file { display: block; font-size: .85rem; color: #424242; word-break: break-word; }
nav ol { columns: 2; }
footer { margin-top: 3rem; font-size: .85rem; color: #605e5c; }
@media print { body { max-width: none; padding: 0; } tr { break-inside: avoid; } h2, h3 { break-after: avoid; } }
`;

/** A relative link to an entry: each segment percent-encoded, so `#`, `?` and spaces stay in the name. */
export function entryHref(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function anchor(controlId: string): string {
  return `control-${controlId.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

function fact(term: string, value: string): string {
  return `<dt>${e(term)}</dt><dd>${value}</dd>`;
}

function statusBadge(status: "met" | "not_met" | "waived"): string {
  return `<span class="status status-${e(status)}">${e(controlStatusLabel(status))}</span>`;
}

function webUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function evidenceCell(entry: EvidenceEntry): string {
  const item = entry.item;
  const link = `<a href="${e(entryHref(entry.path))}">${e(item.title)}</a>`;
  let detail: string;
  if (item.kind === "file" && item.file !== undefined) {
    detail = `File: ${e(item.file.fileName)} <span class="muted">(${e(item.file.mediaType)}; uploaded ${e(
      formatTimestamp(item.file.uploadedAt),
    )} by ${e(item.file.uploadedBy)})</span>`;
  } else if (item.kind === "link") {
    const href = webUrl(item.url);
    detail =
      href === undefined
        ? `Link: ${e(item.url ?? "")}`
        : `Link: <a href="${e(href)}" rel="noopener noreferrer">${e(href)}</a>`;
  } else {
    detail = "Note";
  }
  return `${link}<span class="file">${detail}</span>`;
}

/** The item's review: who approved it (self-approval marked), or its status, marked as not counting. */
function reviewCell(item: EvidenceEntry["item"]): string {
  const text = e(reviewLabel(item));
  if (item.status !== "approved" || item.approval === null)
    return `<span class="review-pending">${text}</span>`;
  return item.approval.selfApproved ? `<span class="review-self">${text}</span>` : text;
}

function* customerRows(layout: CustomerLayout): Generator<string> {
  const c = layout.customer;
  const counting = c.counts ? "Counts for this control" : "Does not count for this control";
  const tenant = c.name === null ? "" : `<span class="file">Tenant ${e(c.tenantId)}</span>`;
  const header = `<th scope="rowgroup" rowspan="${Math.max(1, layout.entries.length)}">${e(
    c.name ?? c.tenantId,
  )}${tenant}<span class="file">${e(counting)}</span></th>`;
  yield "<tbody>";
  if (layout.entries.length === 0) {
    const projects = c.projects.map((p) => `${p.name} (${p.completionDate})`).join("; ");
    yield `<tr>${header}<td colspan="8" class="muted">No evidence${projects === "" ? "" : ` — projects: ${e(projects)}`}</td></tr>`;
  }
  for (const [i, entry] of layout.entries.entries()) {
    const item = entry.item;
    yield `<tr>${i === 0 ? header : ""}<td>${e(item.project)}</td><td>${e(item.completionDate)}</td><td>${evidenceCell(
      entry,
    )}</td><td>${e(item.artifactType)}</td><td>${reviewCell(item)}</td><td class="num">${
      item.file === undefined || item.kind !== "file" ? "—" : e(String(item.file.revision))
    }</td><td class="num" title="${e(formatCount(entry.size))} bytes">${e(formatBytes(entry.size))}</td><td><code class="hash">${e(
      entry.sha256,
    )}</code></td></tr>`;
  }
  yield "</tbody>";
}

function* controlSection(layout: ControlLayout): Generator<string> {
  const c = layout.control;
  const id = anchor(c.id);
  yield `<section aria-labelledby="${e(id)}"><h3 id="${e(id)}">${e(`${c.id} ${c.title}`)}</h3><dl class="facts">`;
  yield fact("Status", statusBadge(c.status));
  yield fact("Customers", e(customersLabel(c)));
  if (c.minimumArtifactsPerCustomer !== null)
    yield fact("Artifacts per customer", e(`at least ${c.minimumArtifactsPerCustomer}`));
  if (c.specialty !== null) yield fact("Practice specialty", e(c.specialty));
  yield fact("Missing", c.missing === null ? "Nothing" : e(c.missing));
  yield "</dl>";
  if (layout.customers.length === 0) {
    yield `<p class="muted">No customer evidence for this control.</p></section>`;
    return;
  }
  yield `<table><caption>Evidence for ${e(c.id)}</caption><thead><tr>`;
  for (const h of [
    "Customer",
    "Project",
    "Completion date",
    "Evidence",
    "Artifact type",
    "Review",
    "Revision",
    "Size",
    "SHA-256",
  ])
    yield `<th scope="col">${e(h)}</th>`;
  yield "</tr></thead>";
  for (const customer of layout.customers) yield* customerRows(customer);
  yield "</table></section>";
}

/**
 * index.html, piece by piece: the cover (organization, program, audit date, checklist versions, who
 * generated it and when), the readiness summary, a table of contents, then per module a section per
 * control with its status, customers (and those pending review), specialty, what is missing and every
 * piece of evidence (customer, project, completion date, artifact type, review status with its approver,
 * revision, size, SHA-256, link to the file).
 */
export function* binderHtml(model: BinderModel, layout: BinderLayout): Generator<string> {
  const title = `Evidence binder — ${model.organization} — ${model.program.name}`;
  yield `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n`;
  yield `<meta name="viewport" content="width=device-width, initial-scale=1">\n`;
  yield `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">\n`;
  yield `<meta name="generator" content="specready">\n<title>${e(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`;

  yield `<header><h1>Evidence binder: ${e(model.organization)}</h1><p class="subtitle">${e(model.program.name)}</p><dl class="facts">`;
  yield fact("Program", `${e(model.program.name)} <span class="muted">(${e(model.program.id)})</span>`);
  yield fact("Modules audited", e(modulesLabel(model)));
  yield fact("Application date", e(model.plan.applicationDate ?? "Not set"));
  yield fact("Audit date", e(model.plan.auditDate ?? "Not set"));
  yield fact("Checklist, Module A", e(model.plan.checklists.A));
  yield fact("Checklist, Module B", e(model.plan.checklists.B));
  yield fact("Contents", e(contentsLabel(model)));
  yield fact("Generated by", e(model.generatedBy));
  yield fact(
    "Generated at",
    `<time datetime="${e(model.generatedAt)}">${e(formatTimestamp(model.generatedAt))}</time>`,
  );
  yield "</dl></header>\n<main>\n";

  const s = model.summary;
  yield `<section aria-labelledby="summary"><h2 id="summary">Readiness at the audit date</h2><dl class="facts">`;
  yield fact(
    "Verdict",
    s.ready
      ? `<span class="status status-ready">Ready for the audit</span>`
      : `<span class="status status-not-ready">Not ready for the audit</span>`,
  );
  yield fact("Controls met", e(`${s.controlsMet} of ${s.controlsTotal}`));
  yield fact("Module A", e(moduleALabel(model)));
  yield fact("Evidence files", e(formatCount(layout.entries.length)));
  yield "</dl></section>\n";

  yield `<nav aria-labelledby="contents"><h2 id="contents">Controls</h2><ol>`;
  for (const { control } of layout.controls)
    yield `<li><a href="#${e(anchor(control.id))}">${e(`${control.id} ${control.title}`)}</a> — ${e(
      controlStatusLabel(control.status),
    )}</li>`;
  yield "</ol></nav>\n";

  for (const module of ["A", "B"] as const) {
    const controls = layout.controls.filter((c) => c.control.module === module);
    if (controls.length === 0) continue;
    yield `<section aria-labelledby="module-${module}"><h2 id="module-${module}">Module ${module}</h2>`;
    yield `<p>Checklist ${e(model.plan.checklists[module])}${
      module === "A" && model.moduleAWaived ? ` — ${e(moduleALabel(model))}` : ""
    }</p>`;
    for (const control of controls) yield* controlSection(control);
    yield "</section>\n";
  }

  yield `</main>\n<footer><p>Generated by specready on ${e(formatTimestamp(model.generatedAt))}, downloaded by ${e(
    model.generatedBy,
  )}. manifest.csv lists the size and SHA-256 of every evidence file; check-data/ holds the files that <code>specready check</code> reads.</p></footer>\n</body>\n</html>\n`;
}
