import type { ControlSummary, Finding } from "./api";

export interface FindingGroup {
  readonly controlId: string;
  /** The control's title from the checklist; null for a control the readiness data does not list. */
  readonly title: string | null;
  /** Open first, then resolved; oldest first within each. */
  readonly findings: readonly Finding[];
  readonly open: number;
}

export interface GroupedFindings {
  /** Controls with open findings first, then the others, each in checklist order. */
  readonly groups: readonly FindingGroup[];
  /** Open action items in all. */
  readonly open: number;
  readonly resolved: number;
}

/** "A1.1" < "A1.2" < "A10.1" < "B1.1". */
export function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function byStatusThenAge(a: Finding, b: Finding): number {
  if (a.status !== b.status) return a.status === "open" ? -1 : 1;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The auditor's findings grouped by control, for a review that starts with what is still open: the
 * controls with open action items first (in the checklist's order, as the readiness data lists the
 * controls), then the controls whose findings are all resolved.
 */
export function groupFindings(
  findings: readonly Finding[],
  controls: readonly Pick<ControlSummary, "id" | "title">[],
): GroupedFindings {
  const order = new Map(controls.map((c, i) => [c.id, i] as const));
  const titles = new Map(controls.map((c) => [c.id, c.title] as const));
  const byControl = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byControl.get(f.controlId);
    if (list === undefined) byControl.set(f.controlId, [f]);
    else list.push(f);
  }
  const groups: FindingGroup[] = [...byControl].map(([controlId, list]) => ({
    controlId,
    title: titles.get(controlId) ?? null,
    findings: [...list].sort(byStatusThenAge),
    open: list.filter((f) => f.status === "open").length,
  }));
  groups.sort((a, b) => {
    if (a.open > 0 !== b.open > 0) return a.open > 0 ? -1 : 1;
    const oa = order.get(a.controlId);
    const ob = order.get(b.controlId);
    if (oa !== undefined && ob !== undefined) return oa - ob;
    if (oa !== undefined) return -1;
    if (ob !== undefined) return 1;
    return compareControlIds(a.controlId, b.controlId);
  });
  const open = findings.filter((f) => f.status === "open").length;
  return { groups, open, resolved: findings.length - open };
}

/** The controls to pick from when recording a finding, in checklist order, labelled "A1.1 Title". */
export function controlOptions(
  controls: readonly Pick<ControlSummary, "id" | "title" | "module">[],
): { readonly id: string; readonly label: string; readonly module: string }[] {
  return controls.map((c) => ({ id: c.id, label: `${c.id} ${c.title}`, module: c.module }));
}
