import { type Actions, can } from "../../api/allowed-actions";
import { type CsvValue, csvFileName } from "../../lib/csv";
import type {
  EvidenceCreate,
  EvidenceFilters,
  EvidenceItem,
  EvidenceKind,
  EvidencePatch,
  EvidenceStatus,
  ReviewActionName,
} from "./api";

export const EVIDENCE_STATUSES: readonly EvidenceStatus[] = [
  "draft",
  "ready",
  "approved",
  "changes_requested",
];

export const STATUS_LABELS: Readonly<Record<EvidenceStatus, string>> = {
  draft: "Draft",
  ready: "Ready for review",
  approved: "Approved",
  changes_requested: "Changes requested",
};

export function evidenceStatusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status.replace(/_/g, " ");
}

export const KIND_LABELS: Readonly<Record<EvidenceKind, string>> = {
  file: "File",
  link: "Link",
  note: "Note",
};

export function isEvidenceStatus(value: string | null | undefined): value is EvidenceStatus {
  return (EVIDENCE_STATUSES as readonly string[]).includes(value ?? "");
}

/** Add and change evidence (the organization's or the item's allowed actions say). */
export function canEditEvidence(actions: Actions): boolean {
  return can(actions, "evidence.write");
}

/** Approve evidence, send it back, or reopen it. */
export function canReviewEvidence(actions: Actions): boolean {
  return can(actions, "evidence.review");
}

export interface ReviewChoice {
  readonly action: ReviewActionName;
  /** The button's text and accessible name. */
  readonly label: string;
  /** A comment is required (request changes: say what has to change). */
  readonly needsComment: boolean;
}

const REVIEW_CHOICES: readonly (ReviewChoice & {
  readonly from: readonly EvidenceStatus[];
  readonly allowed: (actions: Actions) => boolean;
})[] = [
  {
    action: "submit",
    label: "Submit for review",
    needsComment: false,
    from: ["draft", "changes_requested"],
    allowed: (actions) => can(actions, "evidence.submit"),
  },
  { action: "approve", label: "Approve", needsComment: false, from: ["ready"], allowed: canReviewEvidence },
  {
    action: "request_changes",
    label: "Request changes",
    needsComment: true,
    from: ["ready", "approved"],
    allowed: canReviewEvidence,
  },
  { action: "reopen", label: "Reopen", needsComment: false, from: ["approved"], allowed: canReviewEvidence },
];

/**
 * The review actions the signed-in person may take on an item in a status, as the server's transitions
 * allow them: submit (draft or changes requested → ready; `evidence.submit`), approve (ready →
 * approved), request changes (ready or approved → changes requested) and reopen (approved → draft),
 * the last three with `evidence.review`.
 */
export function reviewChoices(actions: Actions, status: EvidenceStatus): readonly ReviewChoice[] {
  return REVIEW_CHOICES.filter((c) => c.allowed(actions) && c.from.includes(status)).map(
    ({ action, label, needsComment }) => ({ action, label, needsComment }),
  );
}

/** The statuses in the order the review progresses to: approved first, then waiting, then to do. */
export const REVIEW_PROGRESS_ORDER: readonly EvidenceStatus[] = [
  "approved",
  "ready",
  "draft",
  "changes_requested",
];

/** How many items are in each review status. */
export function reviewCounts(items: readonly Pick<EvidenceItem, "status">[]): Record<EvidenceStatus, number> {
  const counts: Record<EvidenceStatus, number> = { draft: 0, ready: 0, approved: 0, changes_requested: 0 };
  for (const i of items) counts[i.status]++;
  return counts;
}

/** "3 of 7 approved, 2 waiting for review, 1 sent back for changes" (what the progress bar shows). */
export function reviewProgressText(counts: Readonly<Record<EvidenceStatus, number>>): string {
  const total = EVIDENCE_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  if (total === 0) return "No evidence yet";
  const parts = [`${counts.approved} of ${total} approved`];
  if (counts.ready > 0) parts.push(`${counts.ready} waiting for review`);
  if (counts.draft > 0) parts.push(`${counts.draft} ${counts.draft === 1 ? "draft" : "drafts"}`);
  if (counts.changes_requested > 0) parts.push(`${counts.changes_requested} sent back for changes`);
  return parts.join(", ");
}

/** What a control accepts, as the readiness response lists it. */
export interface ControlDocumentation {
  readonly id: string;
  readonly acceptedDocumentation: readonly string[];
}

/**
 * The artifact types the selected controls accept, in checklist order, each once (ignoring case): the
 * API accepts an item only when its type is documentation one of its controls accepts.
 */
export function artifactTypesFor(
  controls: readonly ControlDocumentation[],
  selected: readonly string[],
): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of controls) {
    if (!selected.includes(c.id)) continue;
    for (const a of c.acceptedDocumentation) {
      const key = a.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(a);
    }
  }
  return out;
}

/** The accepted spelling of `text` among `options` (case ignored), or null when it is not one of them. */
export function matchArtifactType(text: string, options: readonly string[]): string | null {
  const t = text.trim().toLowerCase();
  if (t === "") return null;
  return options.find((o) => o.toLowerCase() === t) ?? null;
}

/** The evidence page's filters as they stand in its URL (`?control=B2.1&status=ready&project=…&asked=1`). */
export interface EvidencePageFilters {
  readonly control: string | null;
  readonly status: EvidenceStatus | null;
  readonly project: string | null;
  /** Only what is asked of me: items I created with changes requested. */
  readonly asked: boolean;
}

export function filtersFromSearch(search: URLSearchParams): EvidencePageFilters {
  const status = search.get("status");
  const control = search.get("control")?.trim() ?? "";
  const project = search.get("project")?.trim() ?? "";
  return {
    control: /^[A-Z]\d+\.\d+$/.test(control) ? control : null,
    status: isEvidenceStatus(status) ? status : null,
    project: project === "" ? null : project,
    asked: search.get("asked") === "1",
  };
}

/** The URL parameters of the filters (null removes one). */
export function searchFromFilters(f: EvidencePageFilters): Record<string, string | null> {
  return {
    control: f.control,
    status: f.asked ? null : f.status,
    project: f.project,
    asked: f.asked ? "1" : null,
  };
}

/** The API's filters: "asked of me" is `mine=1&status=changes_requested`. */
export function apiFilters(f: EvidencePageFilters): EvidenceFilters {
  return {
    ...(f.control !== null ? { control: f.control } : {}),
    ...(f.project !== null ? { projectId: f.project } : {}),
    ...(f.asked
      ? { mine: true, status: "changes_requested" as const }
      : f.status !== null
        ? { status: f.status }
        : {}),
  };
}

export function hasFilters(f: EvidencePageFilters): boolean {
  return f.control !== null || f.status !== null || f.project !== null || f.asked;
}

function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

export function projectCustomer(p: EvidenceItem["project"]): string {
  return p.customerName?.trim() || p.customerTenantId;
}

/** Matches part of the title, artifact type, customer, project or current file name, ignoring case and accents. */
export function searchEvidence(items: readonly EvidenceItem[], text: string): readonly EvidenceItem[] {
  const needle = fold(text.trim());
  if (needle === "") return items;
  return items.filter((i) =>
    [
      i.title,
      i.artifactType,
      i.project.customerName,
      i.project.customerTenantId,
      i.project.project,
      i.currentRevision?.fileName,
    ].some((v) => v !== null && v !== undefined && fold(v).includes(needle)),
  );
}

/** The evidence list for Excel, with whether each item counts and who approved it (formula-safe by toCsv). */
export function evidenceCsvRows(items: readonly EvidenceItem[]): CsvValue[][] {
  return [
    [
      "Title",
      "Kind",
      "Artifact type",
      "Controls",
      "Customer",
      "Customer tenant ID",
      "Project",
      "Status",
      "Counts for the audit",
      "Approved by",
      "Approved at",
      "Current file",
      "Revision",
      "Size (bytes)",
      "SHA-256",
      "Link",
      "Created by",
      "Updated",
    ],
    ...items.map((i) => [
      i.title,
      KIND_LABELS[i.kind],
      i.artifactType,
      i.controls.join(", "),
      i.project.customerName ?? "",
      i.project.customerTenantId,
      i.project.project,
      evidenceStatusLabel(i.status),
      i.counts ? "yes" : "no",
      i.approval === null ? "" : `${i.approval.by}${i.approval.selfApproved ? " (self-approved)" : ""}`,
      i.approval?.at ?? "",
      i.currentRevision?.fileName ?? "",
      i.currentRevision?.revision ?? "",
      i.currentRevision?.size ?? "",
      i.currentRevision?.sha256 ?? "",
      i.url ?? "",
      i.createdBy,
      i.updatedAt,
    ]),
  ];
}

export function evidenceCsvFileName(orgName: string, today: string): string {
  return csvFileName("evidence", orgName, today);
}

/** What the add and edit forms hold. */
export interface EvidenceForm {
  readonly kind: EvidenceKind;
  readonly title: string;
  readonly projectId: string;
  readonly controls: readonly string[];
  readonly artifactType: string;
  readonly url: string;
  readonly note: string;
}

export type EvidenceField = keyof EvidenceForm | "file";

export const EVIDENCE_FIELDS: readonly EvidenceField[] = [
  "kind",
  "title",
  "projectId",
  "controls",
  "artifactType",
  "url",
  "note",
  "file",
];

/** Query parameters and body problems of a file upload, shown on the form's fields. */
export const EVIDENCE_FIELD_ALIASES: Readonly<Record<string, EvidenceField>> = {
  fileName: "file",
  body: "file",
};

export function emptyEvidenceForm(
  preset: { controls?: readonly string[]; projectId?: string } = {},
): EvidenceForm {
  return {
    kind: "file",
    title: "",
    projectId: preset.projectId ?? "",
    controls: preset.controls ?? [],
    artifactType: "",
    url: "",
    note: "",
  };
}

export function formFromItem(item: EvidenceItem): EvidenceForm {
  return {
    kind: item.kind,
    title: item.title,
    projectId: item.project.id,
    controls: item.controls,
    artifactType: item.artifactType,
    url: item.url ?? "",
    note: item.note ?? "",
  };
}

/**
 * What must be there before anything is sent (a file upload would otherwise go out in vain); the API
 * checks the rest — the address, the artifact type against the controls — and its issues show on the
 * same fields.
 */
export function checkEvidenceForm(
  form: EvidenceForm,
  file: File | null,
  options: { readonly withFile: boolean } = { withFile: true },
): Partial<Record<EvidenceField, string>> {
  const problems: Partial<Record<EvidenceField, string>> = {};
  if (form.title.trim() === "") problems.title = "Give the evidence a title.";
  if (form.projectId === "") problems.projectId = "Choose the customer project the evidence is from.";
  if (form.controls.length === 0) problems.controls = "Link the evidence to at least one control.";
  if (form.artifactType.trim() === "") problems.artifactType = "Choose what kind of document this is.";
  if (form.kind === "file" && options.withFile && file === null) problems.file = "Choose the file to upload.";
  if (form.kind === "link" && form.url.trim() === "") problems.url = "Enter the address of the document.";
  if (form.kind === "note" && form.note.trim() === "") problems.note = "Write the note.";
  return problems;
}

/** The JSON body for a link or a note (files go as the raw body of `POST /evidence/files`). */
export function createBody(form: EvidenceForm): EvidenceCreate {
  const meta = {
    title: form.title.trim(),
    artifactType: form.artifactType.trim(),
    projectId: form.projectId,
    controls: form.controls,
  };
  if (form.kind === "link") return { ...meta, kind: "link", url: form.url.trim() };
  return { ...meta, kind: "note", note: form.note };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Only what changed, so the activity log says what was edited. */
export function patchFromForm(item: EvidenceItem, form: EvidenceForm): EvidencePatch {
  const patch: {
    -readonly [K in keyof EvidencePatch]: EvidencePatch[K];
  } = {};
  if (form.title.trim() !== item.title) patch.title = form.title.trim();
  if (form.artifactType.trim() !== item.artifactType) patch.artifactType = form.artifactType.trim();
  if (form.projectId !== item.project.id) patch.projectId = form.projectId;
  if (!sameList([...form.controls].sort(), [...item.controls].sort())) patch.controls = form.controls;
  if (item.kind === "link" && form.url.trim() !== (item.url ?? "")) patch.url = form.url.trim();
  if (item.kind === "note" && form.note !== (item.note ?? "")) patch.note = form.note;
  return patch;
}

/** Controls sorted as the checklist lists them: A1.1 … A3.3, B1.1 … B4.2 (numbers by value). */
export function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** A file name for the title field when none was typed: "Solution design v2.docx" → "Solution design v2". */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/\.[^./\\]{1,8}$/, "");
  return base.replace(/[_]+/g, " ").trim() || fileName;
}

/** "https://contoso.sharepoint.com/sites/x" → "contoso.sharepoint.com" (what a link points at, briefly). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
