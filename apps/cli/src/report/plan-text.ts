import type { Plan } from "@specready/core";
import type { Styles } from "../terminal/cli-io.js";

function usd(n: number): string {
  return `USD ${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The plan as a readable report: next actions, the allocation, the forecast, the certification plan. */
export function renderPlanText(plan: Plan, s: Styles): string {
  const out: string[] = [];
  out.push(
    s.bold(`Plan for the audit on ${plan.auditDate}`) + s.dim(` (as of ${plan.asOf}, ${plan.program})`),
  );
  out.push("");
  out.push(s.bold("Next actions"));
  if (plan.nextActions.length === 0) out.push("  Nothing to do.");
  for (const a of plan.nextActions) out.push(`  ${a.by}  ${a.text}`);
  out.push("");

  const al = plan.allocation;
  out.push(
    s.bold(
      `Reference allocation ${al.exact ? s.green("(exact)") : s.yellow("(best found, not proven smallest)")}`,
    ),
  );
  out.push(`  ${al.summary}`);
  for (const c of al.customers) {
    out.push(
      `  ${s.bold(c.name ?? c.tenantId)}  project ages out on ${c.agesOutOn}` +
        `${c.countedForAcr ? ", counted for ACR" : ""}, approved evidence for ${c.approvedControls} controls`,
    );
    for (const x of c.controls) {
      const mark =
        x.state === "ready"
          ? s.green("ready  ")
          : x.state === "review"
            ? s.yellow("review ")
            : s.red("missing");
      out.push(`    ${x.control.padEnd(5)} ${mark} ${x.state === "ready" ? "" : x.todo}`.trimEnd());
    }
  }
  for (const u of al.uncoverable)
    out.push(s.red(`  ${u.control}: only ${u.possible} of ${u.required} customers possible.`));
  out.push(s.dim(`  ${al.rule}`));
  out.push("");

  const f = plan.forecast;
  out.push(s.bold("ACR forecast"));
  out.push(`  ${f.summary}`);
  out.push(
    "  Month     Average (window)   Low – high                  Customers  Met   Shown in Partner Center",
  );
  for (const p of f.performance) {
    out.push(
      `  ${p.month}   ${usd(p.averageUsd).padEnd(17)}  ${`${usd(p.lowAverageUsd)} – ${usd(p.highAverageUsd)}`.padEnd(27)} ${String(p.customers).padEnd(10)} ${(p.met ? s.green("yes") : s.red("no ")).padEnd(3)}   ${p.shownOn ?? ""}`,
    );
  }
  out.push(s.dim(`  ${f.method}`));
  out.push("");

  const cp = plan.certifications;
  out.push(s.bold("Certification plan"));
  out.push(`  ${cp.summary}`);
  for (const a of cp.actions) {
    const who = a.personName ?? a.personId ?? "someone new";
    const what =
      a.kind === "earn"
        ? `sit ${a.exam}`
        : a.kind === "renew"
          ? `renew ${a.certification}`
          : `link the Learn profile (${a.certification})`;
    out.push(`  ${a.by}  ${who}: ${what}. ${s.dim(a.reason)}`);
  }
  for (const b of cp.blocked) out.push(s.red(`  ${b.reason}`));
  out.push("");
  return `${out.join("\n")}\n`;
}
