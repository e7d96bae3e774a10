import {
  type AuditDetails,
  type DesignationDetails,
  type Evaluation,
  formatMonth,
  formatUsd,
  type KnowledgeDetails,
  listInWords,
  type PerformanceDetails,
  parseValidDecimal,
  periodInWords,
  plural,
  type RequirementResult,
  type RequirementStatus,
  type SubRulesPerformanceDetails,
} from "@specready/core";
import type { Styles } from "../terminal/cli-io.js";

/**
 * The readable report of an evaluation: for each requirement where it stands, the figures behind it,
 * what to do next and when it will change. Every line comes from the evaluation object; the report
 * computes nothing.
 */
export function renderTextReport(evaluation: Evaluation, s: Styles, width = 100): string {
  const out: string[] = [];
  const met = evaluation.requirements.filter((r) => r.status === "met").length;
  const provisional = evaluation.versions.program.provisional;
  out.push(
    s.bold(`specready — ${evaluation.programName}`) +
      (provisional === null ? "" : ` ${s.yellow(s.bold(`[${provisional.label}]`))}`) +
      s.dim(` (${evaluation.versions.program.id}) · as of ${evaluation.asOf}`),
  );
  for (const line of versionLines(evaluation, s)) out.push(indent(wrap(line, width - 2, 2), 2));
  out.push("");
  if (evaluation.ready) {
    out.push(
      s.green(s.bold("READY")) +
        ` — all ${evaluation.requirements.length} requirements are met. A Partner Administrator can apply in Partner Center (Membership > Specializations); the audit must follow within 30 days.`,
    );
  } else {
    const prerequisites = evaluation.requirements.filter((r) => r.id !== "audit");
    const notMet = prerequisites.filter((r) => r.status === "not_met").map((r) => r.id);
    const noData = prerequisites.filter((r) => r.status === "no_data").map((r) => r.id);
    const unknown = prerequisites.filter((r) => r.status === "unknown").map((r) => r.id);
    const why = [
      notMet.length > 0 ? `${listInWords(notMet)} ${notMet.length === 1 ? "is" : "are"} not met` : "",
      noData.length > 0 ? `${listInWords(noData)} ${noData.length === 1 ? "has" : "have"} no data` : "",
      unknown.length > 0
        ? `${listInWords(unknown)} ${unknown.length === 1 ? "is" : "are"} unknown (not in program data — check Partner Center)`
        : "",
    ].filter((x) => x !== "");
    out.push(
      s.red(s.bold("NOT READY")) +
        ` — ${met} of ${evaluation.requirements.length} requirements met. ` +
        (evaluation.eligibleToApply
          ? "The prerequisites are met: you can apply, then the audit must be passed."
          : `Not yet eligible to apply: ${listInWords(why)}.`),
    );
  }
  for (const r of evaluation.requirements) {
    out.push("");
    out.push(heading(r, s, width));
    out.push(indent(wrap(r.summary, width - 4), 4));
    for (const line of figuresOf(r, s)) out.push(indent(wrap(line, width - 4, 4), 4));
    if (r.gaps.length > 0) {
      out.push(`    ${s.bold("To do:")}`);
      for (const g of r.gaps) out.push(indent(wrap(`• ${g.message}`, width - 6), 6, 4));
    }
    const changes = r.changes.slice(0, 4);
    if (changes.length > 0) {
      out.push(`    ${s.bold("Next changes on current data:")}`);
      for (const c of changes) {
        const text = `${c.date}  ${c.message}`;
        out.push(indent(wrap(c.statusChanges ? s.yellow(text) : text, width - 6, 12), 6));
      }
      if (r.changes.length > changes.length)
        out.push(
          s.dim(`      … ${plural(r.changes.length - changes.length, "later change")} in --format json`),
        );
    }
    // How the result was computed stays next to it; the full rule only where something is missing.
    if (r.status !== "met") out.push(s.dim(indent(wrap(`Rule: ${r.rule}`, width - 4), 4)));
    if (r.interpretation !== undefined)
      out.push(s.dim(indent(wrap(`How it is read: ${r.interpretation}`, width - 4), 4)));
    if (r.status !== "met" && r.resources.length > 0) {
      out.push(`    ${s.bold("Resources:")}`);
      for (const link of r.resources.slice(0, 3))
        out.push(indent(wrap(`${link.title} — ${link.url}`, width - 6, 2), 6));
      if (r.resources.length > 3)
        out.push(s.dim(`      … ${plural(r.resources.length - 3, "more resource")} in --format json`));
    }
  }
  const statusChanges = evaluation.timeline.filter((e) => e.statusChanges);
  if (statusChanges.length > 0) {
    out.push("");
    out.push(s.bold("When the result changes (on current data)"));
    for (const e of statusChanges.slice(0, 8)) {
      out.push(
        indent(
          wrap(`${e.date}  ${e.requirement} becomes ${e.status === "met" ? "met" : "not met"}`, width - 4),
          4,
        ),
      );
    }
  }
  out.push("");
  out.push(
    s.dim(
      wrap(
        `Read: ${evaluation.inputs.map((i) => `${i.file} (${i.rows} rows)`).join(", ") || "no input files"}. ` +
          "Every record behind these figures is in --format json.",
        width,
      ),
    ),
  );
  return `${out.join("\n")}\n`;
}

/** The versions the evaluation used and why: the program, each module's checklist, and warnings. */
function versionLines(evaluation: Evaluation, s: Styles): string[] {
  const v = evaluation.versions;
  const p = v.program;
  const lines: string[] = [];
  lines.push(s.dim(`Program: ${p.name} (version ${p.version}) — ${v.reason}.`));
  if (p.provisional !== null) lines.push(s.yellow(`${p.provisional.label}: ${p.provisional.reason}`));
  for (const c of v.checklists) {
    const inEffect =
      c.inEffect === null
        ? `none in the program data on ${c.date}`
        : `${c.inEffect.version} (${periodInWords(c.inEffect.effectiveFrom, c.inEffect.effectiveTo)})`;
    const measured =
      c.inEffect?.id === c.measuredAgainst.id ? "" : `; measured against ${c.measuredAgainst.version}`;
    lines.push(s.dim(`Module ${c.module} checklist in effect: ${inEffect}${measured}.`));
  }
  for (const w of v.warnings) lines.push(s.yellow(`⚠ ${w}`));
  return lines;
}

const LABELS: Record<RequirementStatus, string> = {
  met: "MET",
  not_met: "NOT MET",
  no_data: "NO DATA",
  unknown: "UNKNOWN",
};

function heading(r: RequirementResult, s: Styles, width: number): string {
  const mark = r.status === "met" ? s.green("✔") : r.status === "not_met" ? s.red("✘") : s.yellow("?");
  const label =
    r.status === "met"
      ? s.green(LABELS[r.status])
      : r.status === "not_met"
        ? s.red(LABELS[r.status])
        : s.yellow(LABELS[r.status]);
  const left = `${mark} ${s.bold(r.title)}`;
  const pad = Math.max(2, width - visible(left).length - visible(label).length);
  return `${left}${" ".repeat(pad)}${label}`;
}

function figuresOf(r: RequirementResult, s: Styles): string[] {
  if (r.details === undefined) return [];
  switch (r.id) {
    case "designation":
      return designationFigures(r.details as DesignationDetails, s);
    case "performance":
      return "rules" in r.details
        ? subRuleFigures(r.details as SubRulesPerformanceDetails, s)
        : performanceFigures(r.details as PerformanceDetails, s);
    case "knowledge":
      return knowledgeFigures(r.details as KnowledgeDetails, s);
    case "audit":
      return auditFigures(r.details as AuditDetails, s);
  }
}

function designationFigures(d: DesignationDetails, s: Styles): string[] {
  const lines: string[] = [];
  for (const g of d.designations ?? []) {
    const dates = [
      g.attainedDate === null ? "" : `attained ${g.attainedDate}`,
      g.anniversaryDate === null ? "" : `anniversary ${g.anniversaryDate}`,
    ].filter((x) => x !== "");
    lines.push(
      `${g.active ? s.green("✔") : s.dim("·")} ${g.area}: ${g.status}${dates.length > 0 ? ` (${dates.join(", ")})` : ""}`,
    );
  }
  if (d.basis === "designation" && d.areas.length > 0) lines.push(s.dim("Capability score now:"));
  for (const a of d.areas) {
    const metrics = a.metrics
      .map((m) => `${m.metric.toLowerCase()} ${m.points === "0" ? s.red(m.points) : m.points}`)
      .join(", ");
    lines.push(
      `${a.met ? s.green("✔") : s.dim("·")} ${a.area}: ${a.totalPoints} of ${d.minimumTotalPoints} points — ${metrics}`,
    );
  }
  return lines;
}

function performanceFigures(d: PerformanceDetails, s: Styles): string[] {
  const lines: string[] = [];
  const monthCells = d.monthTotals.map(
    (m) => `${formatMonth(m.month)} ${formatUsd(parseValidDecimal(m.amountUsd))}`,
  );
  lines.push(`Months of the window: ${monthCells.join(" · ")}`);
  const shown = d.customers
    .filter((c) => c.windowTotalUsd !== "0.00" || c.ineligibleInWindow.length > 0)
    .slice(0, 8);
  for (const c of shown) {
    const mark = c.counts ? s.green("✔") : s.dim("·");
    const extra =
      c.ineligibleInWindow.length > 0
        ? s.dim(
            ` (not counted: ${c.ineligibleInWindow.map((i) => `${formatUsd(parseValidDecimal(i.amountUsd))} ${i.reason}`).join("; ")})`,
          )
        : "";
    lines.push(
      `  ${mark} ${(c.name ?? c.tenantId).padEnd(28)} ${formatUsd(parseValidDecimal(c.windowTotalUsd)).padStart(16)}${extra}`,
    );
  }
  const others = d.customers.length - shown.length;
  if (others > 0)
    lines.push(s.dim(`    … and ${plural(others, "other customer")} (all figures in --format json)`));
  lines.push(
    s.dim(
      `Rows: ${d.rows.total} read — ${d.rows.eligible} eligible AI ACR, ${d.rows.notAi} not AI, ${d.rows.total - d.rows.eligible - d.rows.notAi} AI rows not counted (duplicates, attribution, offer or government; see the warnings).`,
    ),
  );
  return lines;
}

function subRuleFigures(d: SubRulesPerformanceDetails, s: Styles): string[] {
  const lines: string[] = [];
  for (const r of d.rules) {
    const mark = r.status === "met" ? s.green("✔") : s.red("✘");
    lines.push(
      `${mark} ${r.title}: ${formatUsd(parseValidDecimal(r.windowTotalUsd), { exact: true })} of ${formatUsd(parseValidDecimal(r.requiredWindowTotalUsd))}` +
        `${r.aggregate === "monthly-average" ? ` (monthly average ${formatUsd(parseValidDecimal(r.monthlyAverageUsd))})` : ""}, ${r.customerCount} of ${r.requiredCustomers} customers` +
        r.minimums
          .map(
            (m) =>
              `; ${m.met ? "" : "short: "}${m.title} ${formatUsd(parseValidDecimal(m.windowTotalUsd), { exact: true })} of ${formatUsd(parseValidDecimal(m.requiredUsd))}`,
          )
          .join(""),
    );
  }
  lines.push(
    s.dim(
      `Rows: ${d.rows.total} read — ${d.rows.eligible} eligible under a sub-rule, ${d.rows.outsideRules} of no sub-rule's services, ${d.rows.total - d.rows.eligible - d.rows.outsideRules} not counted (duplicates, attribution, offer or government; see the warnings).`,
    ),
  );
  return lines;
}

function knowledgeFigures(d: KnowledgeDetails, s: Styles): string[] {
  const lines: string[] = [];
  for (const p of d.people) {
    const certs = p.certifications
      .map((c) => {
        const label =
          c.countsAs === null
            ? c.certification
            : c.credential !== null && c.credential !== c.countsAs
              ? `${c.credential} (for ${c.countsAs})`
              : c.countsAs;
        if (c.countsAs === null) return s.dim(label);
        const until = c.expiresOn ? ` until ${c.expiresOn}` : "";
        return c.counting ? `${label}${until}` : s.red(`${label} (${c.notCountingBecause})`);
      })
      .join(", ");
    lines.push(`${p.counts ? s.green("✔") : s.dim("·")} ${p.name ?? p.personId}: ${certs}`);
  }
  return lines;
}

function auditFigures(d: AuditDetails, s: Styles): string[] {
  const lines: string[] = [];
  if (d.waiver !== null)
    lines.push(
      `Module A waived by the ${d.waiver.module} pass of ${d.waiver.date} (until ${d.waiver.until}).`,
    );
  lines.push(
    s.dim(`Projects count when completed between ${d.evidenceWindow.from} and ${d.evidenceWindow.to}.`),
  );
  for (const c of d.controls) {
    const status =
      c.status === "met" ? s.green("met") : c.status === "waived" ? s.cyan("waived") : s.red("not met");
    const names = c.customers.filter((k) => k.counts).map((k) => k.name ?? k.tenantId);
    lines.push(
      `${c.id.padEnd(5)} ${c.title.slice(0, 38).padEnd(38)} ${`${c.customerCount} of ${c.required}`.padStart(7)}  ${status}${names.length > 0 ? s.dim(`  ${names.join(", ")}`) : ""}`,
    );
  }
  return lines;
}

/** Wraps text at word boundaries, keeping its leading spaces; continuation lines get `hang` more. */
function wrap(text: string, width: number, hang = 0): string {
  const lead = /^ */.exec(text)?.[0] ?? "";
  const words = text.slice(lead.length).split(" ");
  const lines: string[] = [];
  let line = lead;
  for (const w of words) {
    if (line.trim() !== "" && visible(line).length + 1 + visible(w).length > width) {
      lines.push(line);
      line = " ".repeat(lead.length + hang) + w;
    } else {
      line = line.trim() === "" ? line + w : `${line} ${w}`;
    }
  }
  if (line.trim() !== "") lines.push(line);
  return lines.join("\n");
}

function indent(text: string, n: number, first = n): string {
  return text
    .split("\n")
    .map((l, i) => " ".repeat(i === 0 ? first : n) + l)
    .join("\n");
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes to measure text
const ANSI = /\u001b\[[0-9;]*m/g;
function visible(s: string): string {
  return s.replace(ANSI, "");
}
