import type { Schemas } from "../../api/client";

/** The files specready imports, as the API names them, with words for people. */
export type ImportKind = Schemas["ImportKind"];

export interface KindInfo {
  readonly kind: ImportKind;
  readonly label: string;
  readonly description: string;
}

export const IMPORT_KINDS: readonly KindInfo[] = [
  {
    kind: "azure-usage",
    label: "Azure usage",
    description: "Partner Center > Insights > Azure usage report, downloaded as is",
  },
  {
    kind: "certifications",
    label: "Certifications",
    description: "Who holds which certification (Partner Center or your own sheet)",
  },
  {
    kind: "capability-score",
    label: "Capability score",
    description: "The points per metric Partner Center shows for your solution areas",
  },
  {
    kind: "audit-evidence",
    label: "Audit evidence",
    description: "Per audit control, the customer projects that back it",
  },
  {
    kind: "audit-history",
    label: "Audit history",
    description: "Earlier audit results (for the Module A waiver)",
  },
  {
    kind: "designation",
    label: "Designation",
    description: "The Solutions Partner status, attained and anniversary dates Partner Center shows",
  },
  {
    kind: "customer-projects",
    label: "Customer projects",
    description: "The register of your customer projects",
  },
];

export function kindLabel(kind: string): string {
  return IMPORT_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/**
 * The kind a file probably is, from its name ("Azure-Usage (3).CSV", "certifications_2025.xlsx",
 * "AuditHistory.csv"); null when the name says nothing the app recognizes. The person confirms it.
 */
export function guessKind(fileName: string): ImportKind | null {
  const base = fileName
    .replace(/^.*[\\/]/, "")
    .replace(/\.(csv|xlsx|xls|txt|tsv)$/i, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
  const has = (...words: string[]) => words.every((w) => base.includes(w));
  if (has("audit", "history") || has("audit", "result")) return "audit-history";
  if (has("audit") || has("evidence") || has("control")) return "audit-evidence";
  if (has("designation") || has("anniversary")) return "designation";
  if (has("capability") || has("score") || has("solutions partner")) return "capability-score";
  if (has("usage") || has("acr") || has("consumption") || has("consumed revenue")) return "azure-usage";
  if (has("cert") || has("learn")) return "certifications";
  if (has("project")) return "customer-projects";
  return null;
}

/** Whether the browser may read the file as an upload (the server checks the content). */
export function looksLikeSpreadsheet(fileName: string): boolean {
  return /\.(csv|xlsx|txt|tsv)$/i.test(fileName);
}
