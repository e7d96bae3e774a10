import { randomUUID } from "node:crypto";
import { type ApiClient, expectJson, type RequestOptions, type TestOrg } from "./test-server.js";

/*
 * Builders for the audit workspace's route tests: projects of the register and evidence items made
 * through the API, as a person in the web app makes them.
 */

export interface ProjectBody {
  readonly id: string;
  readonly customerTenantId: string;
  readonly customerName: string | null;
  readonly project: string;
  readonly workload: string | null;
  readonly aiServices: string[];
  readonly completionDate: string;
  readonly greenfield: boolean | null;
  readonly stage: "production" | "pilot" | null;
  readonly evidenceCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The caller's allowed actions on it. */
  readonly allowedActions: readonly string[];
}

export interface RevisionBody {
  readonly revision: number;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly mediaType: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

export interface EvidenceBody {
  readonly id: string;
  readonly kind: "file" | "link" | "note";
  readonly title: string;
  readonly artifactType: string;
  readonly controls: string[];
  readonly project: {
    id: string;
    customerTenantId: string;
    customerName: string | null;
    project: string;
    completionDate: string;
  };
  readonly url: string | null;
  readonly note: string | null;
  readonly status: "draft" | "ready" | "approved" | "changes_requested";
  readonly currentRevision: RevisionBody | null;
  readonly revisionCount: number;
  readonly createdBy: string;
  readonly lastComment: string | null;
  readonly authorName: string;
  readonly approval: {
    revision: number | null;
    sha256: string;
    by: string;
    at: string;
    selfApproved: boolean;
  } | null;
  readonly counts: boolean;
  readonly revisions: RevisionBody[];
  readonly reviews: {
    fromStatus: string | null;
    toStatus: string;
    comment: string | null;
    actor: string;
    at: string;
    revision: number | null;
    sha256: string | null;
    selfApproved: boolean;
  }[];
  readonly approvalRule: { allowed: boolean; reason: string | null; selfApproval: boolean };
}

/** A customer's tenant id: a fixed one per name, so one customer's projects share it. */
export function tenantOf(customer: string): string {
  let h = 0;
  for (const ch of customer) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, "0");
  return `${hex}-0000-4000-8000-${hex}0000`;
}

export function buildProjectInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const customerName = (overrides.customerName as string | undefined) ?? "Contoso Pharmaceuticals";
  return {
    customerTenantId: tenantOf(customerName),
    customerName,
    project: `Clinical trial search ${randomUUID().slice(0, 6)}`,
    workload: "Azure AI Search + Azure OpenAI",
    aiServices: ["Azure OpenAI", "Azure AI Search"],
    completionDate: "2025-03-31",
    greenfield: true,
    stage: "production",
    ...overrides,
  };
}

/** `POST …/customer-projects` as `client`; fails the test unless it answers 201. */
export async function createProject(
  client: ApiClient,
  org: TestOrg,
  overrides: Record<string, unknown> = {},
): Promise<ProjectBody> {
  return expectJson<ProjectBody>(
    await client.post(org.path("/customer-projects"), buildProjectInput(overrides)),
    201,
  );
}

export interface FileMeta {
  readonly title?: string;
  readonly artifactType?: string;
  readonly projectId: string;
  readonly controls?: string;
  readonly fileName?: string;
}

/** `POST …/evidence/files?…` with the file as the raw body. */
export function postFile(
  client: ApiClient,
  org: TestOrg,
  meta: FileMeta,
  body: string | Uint8Array,
  options: RequestOptions = {},
): Promise<Response> {
  const query = new URLSearchParams({
    title: meta.title ?? "Signed SOW",
    artifactType: meta.artifactType ?? "Signed SOW",
    projectId: meta.projectId,
    controls: meta.controls ?? "B3.1",
    fileName: meta.fileName ?? "sow.pdf",
  });
  return client.request(org.path(`/evidence/files?${query}`), {
    ...options,
    method: "POST",
    body,
    headers: { "content-type": "application/octet-stream", ...options.headers },
  });
}

/** Uploads a file item; fails the test unless it answers 201. */
export async function uploadEvidence(
  client: ApiClient,
  org: TestOrg,
  meta: FileMeta,
  body: string | Uint8Array = "evidence",
): Promise<EvidenceBody> {
  return expectJson<EvidenceBody>(await postFile(client, org, meta, body), 201);
}

/** `POST …/evidence/{id}/revisions?fileName=` with the file as the raw body. */
export function postRevision(
  client: ApiClient,
  org: TestOrg,
  evidenceId: string,
  fileName: string,
  body: string | Uint8Array,
  options: RequestOptions = {},
): Promise<Response> {
  return client.request(org.path(`/evidence/${evidenceId}/revisions?${new URLSearchParams({ fileName })}`), {
    ...options,
    method: "POST",
    body,
    headers: { "content-type": "application/octet-stream", ...options.headers },
  });
}

/** `POST …/evidence/{id}/review`. */
export function review(
  client: ApiClient,
  org: TestOrg,
  evidenceId: string,
  action: "submit" | "approve" | "request_changes" | "reopen",
  comment?: string,
): Promise<Response> {
  return client.post(
    org.path(`/evidence/${evidenceId}/review`),
    comment === undefined ? { action } : { action, comment },
  );
}

/**
 * Takes an item through review to approved, as its author (`submit`) and a partner admin who did not
 * upload it (`approve`, by default the org's own partner admin): what counts for the audit. Fails the
 * test unless both answer 200.
 */
export async function approveEvidence(
  org: TestOrg,
  evidenceId: string,
  options: { author?: ApiClient; approver?: ApiClient } = {},
): Promise<EvidenceBody> {
  await expectJson(
    await review(options.author ?? org.members.contributor.client, org, evidenceId, "submit"),
    200,
  );
  return expectJson<EvidenceBody>(
    await review(options.approver ?? org.admin.client, org, evidenceId, "approve"),
    200,
  );
}

/** The bytes of a response. */
export async function bytesOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

/** A minimal, valid one-page PDF: what `file-type` recognises by its signature. */
export function pdfBytes(text = "Signed statement of work"): Buffer {
  const content = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** A PNG of one pixel. */
export function pngBytes(): Buffer {
  return Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
}
