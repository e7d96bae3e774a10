import { usageFilterColumns } from "@specready/core";
import type { ColumnSpec } from "./columns.js";

/**
 * The inputs `specready check` reads from a directory, by file base name: the five of the contract, and
 * the designation status Partner Center shows (an additive input: without it the contract's reading holds).
 */
export const inputKinds = [
  "azure-usage",
  "certifications",
  "capability-score",
  "audit-evidence",
  "audit-history",
  "designation",
] as const;
export type InputKind = (typeof inputKinds)[number];

/**
 * Every kind of file a user can import: the five inputs of the contract and the customer project
 * register, which the workspace keeps as the evidence behind the audit controls.
 */
export const importKinds = [...inputKinds, "customer-projects"] as const;
export type ImportKind = (typeof importKinds)[number];

const TENANT = "The customer's Microsoft Entra tenant ID (a GUID)";

// The readers address cells by these positions (`columnIndexes`): add columns at the end.
/**
 * The usage report's service columns, read only for a program whose performance sub-rules filter on
 * them (Infra and Database Migration): optional, so that a file without them is still read for the AI
 * program, and a sub-rule's condition on a column the file lacks is reported as not checked.
 */
export const usageServiceColumns: readonly ColumnSpec[] = usageFilterColumns
  .filter((name) => name !== "ServiceGroup2")
  .map((name) => ({
    name,
    required: false,
    description: `The usage report's ${name}: read when a performance sub-rule of the program filters on it`,
  }));

const columns = {
  "azure-usage": [
    { name: "Month", required: true, description: "The month of the usage (YYYY-MM, or any date in it)" },
    { name: "CustomerTenantId", required: true, description: TENANT },
    {
      name: "ServiceGroup2",
      required: true,
      description: "The service group of the usage; only AI counts for the specialization",
    },
    {
      name: "PartnerAttributionType",
      required: true,
      description: "How the usage is attributed to you: PAL, partner of record (DPOR) or CSP",
      satisfiedBy: "AssociationType",
    },
    { name: "ACR_USD", required: true, description: "Azure consumed revenue in US dollars" },
    { name: "CustomerName", required: false, description: "The customer's name" },
    { name: "SubscriptionId", required: false, description: "The Azure subscription of the usage" },
    {
      name: "IsACRDuplicateAtMPNLevel",
      required: false,
      description: "Whether the revenue is also attributed to another of your partner IDs (not summed again)",
    },
    {
      name: "OfferType",
      required: false,
      description: "The subscription's offer; trial, benefit, support and internal offers do not count",
    },
    {
      name: "CloudInstance",
      required: false,
      description: "The Azure cloud; US government usage through PAL does not count",
    },
    {
      name: "AssociationType",
      required: false,
      description: "The attribution, read when the file has no PartnerAttributionType column",
    },
    {
      name: "PartnerName",
      required: false,
      description: "Your organization's name: a customer of that name is your own tenant, not a customer",
    },
    {
      name: "IsACRDuplicateAtPGALevel",
      required: false,
      description: "Whether the revenue is also attributed to another location of your global account",
    },
  ],
  certifications: [
    {
      name: "PersonId",
      required: true,
      description: "Who holds the certification: an id that is the same on every row of that person",
    },
    { name: "Certification", required: true, description: "The certification's name or exam, e.g. AI-102" },
    { name: "PersonName", required: false, description: "The person's name" },
    { name: "EarnedDate", required: false, description: "The date the certification was earned" },
    {
      name: "ExpirationDate",
      required: false,
      description: "The date the certification expires (else one year after it was earned)",
    },
    {
      name: "Associated",
      required: false,
      description: "Whether the person's Microsoft Learn profile is associated with your organization",
    },
  ],
  "capability-score": [
    { name: "SolutionArea", required: true, description: "The solution area, e.g. Data & AI (Azure)" },
    { name: "Metric", required: true, description: "The metric, e.g. Net customer adds" },
    { name: "Points", required: true, description: "The points of that metric, 0 or more" },
  ],
  "audit-evidence": [
    { name: "Module", required: true, description: "The audit module the evidence is for, A or B" },
    { name: "Control", required: true, description: "The control the evidence backs, e.g. B2.1 or 2.1" },
    { name: "CustomerTenantId", required: true, description: TENANT },
    { name: "DeploymentDate", required: true, description: "The date the customer's project was completed" },
    { name: "CustomerName", required: false, description: "The customer's name" },
    { name: "Evidence", required: false, description: "What the evidence is or where it is kept" },
  ],
  "audit-history": [
    { name: "Module", required: true, description: "The audited module: A, B, A+B or AEMSP-3.A" },
    { name: "Result", required: true, description: "The audit's result, Pass or No Pass" },
    { name: "Date", required: true, description: "The date of the audit result" },
  ],
  designation: [
    {
      name: "SolutionArea",
      required: true,
      description: "The solution area of the designation, e.g. Data & AI (Azure)",
    },
    {
      name: "Status",
      required: true,
      description:
        "The status Partner Center shows: Enrolled, Enrolled (Renewal due), Qualified or In progress",
    },
    {
      name: "AttainedDate",
      required: false,
      description: "The date the designation was attained (enrolled)",
      aliases: ["EnrolledDate"],
    },
    {
      name: "AnniversaryDate",
      required: false,
      description: "The anniversary date: the designation holds until it (required for an enrolled area)",
      aliases: ["Anniversary"],
    },
  ],
  "customer-projects": [
    { name: "CustomerTenantId", required: true, description: TENANT },
    { name: "CustomerName", required: false, description: "The customer's name" },
    { name: "Project", required: true, description: "The project's name", aliases: ["ProjectName"] },
    { name: "Workload", required: false, description: "What was built or moved to Azure" },
    {
      name: "AIServices",
      required: false,
      description: "The Azure AI services the project used, separated by ; or ,",
      aliases: ["AI services used"],
    },
    {
      name: "CompletionDate",
      required: true,
      description: "The date the project was completed (deployed)",
      aliases: ["DeploymentDate"],
    },
    {
      name: "Greenfield",
      required: false,
      description: "Whether the project built something new rather than extending an existing solution",
    },
    { name: "Stage", required: false, description: "Whether the project is in production or a pilot" },
  ],
} as const satisfies Record<ImportKind, readonly ColumnSpec[]>;

/**
 * The columns each kind of file is read for, in the order the readers address them: canonical name,
 * accepted aliases, whether required, and a sentence for the person matching their headers to them.
 */
export const inputColumns: Readonly<Record<ImportKind, readonly ColumnSpec[]>> = columns;

/** The name of a column of a kind. */
export type ColumnName<K extends ImportKind> = (typeof columns)[K][number]["name"];

/** Each column's position in `inputColumns[kind]`, by name: how a reader addresses its cells. */
export function columnIndexes<K extends ImportKind>(kind: K): Readonly<Record<ColumnName<K>, number>> {
  return Object.fromEntries(inputColumns[kind].map((spec, k) => [spec.name, k])) as Record<
    ColumnName<K>,
    number
  >;
}
