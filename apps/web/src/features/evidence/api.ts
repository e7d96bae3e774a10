import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, apiUrl, apiVersioned } from "../../lib/api-client";
import { orgKey, orgPath } from "../organizations/api";
import { invalidateAuditWorkspace } from "../projects/workspace-queries";
import { sendFile } from "./send-file";

/*
 * Evidence items, their file revisions and reviews (`/api/orgs/{orgId}/evidence`), shaped as
 * apps/server/src/api/audit-schemas.ts (`EvidenceItem`, `EvidenceDetail`, …) describes them.
 */

export type EvidenceStatus = "draft" | "ready" | "approved" | "changes_requested";
export type EvidenceKind = "file" | "link" | "note";
export type ReviewActionName = "submit" | "approve" | "request_changes" | "reopen";

export interface EvidenceRevision {
  readonly revision: number;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly mediaType: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

export interface EvidenceProjectRef {
  readonly id: string;
  readonly customerTenantId: string;
  readonly customerName: string | null;
  readonly project: string;
  readonly completionDate: string;
}

export interface EvidenceItem {
  readonly id: string;
  readonly kind: EvidenceKind;
  readonly title: string;
  readonly artifactType: string;
  readonly controls: readonly string[];
  readonly project: EvidenceProjectRef;
  readonly url: string | null;
  readonly note: string | null;
  readonly status: EvidenceStatus;
  readonly currentRevision: EvidenceRevision | null;
  readonly revisionCount: number;
  readonly createdBy: string;
  readonly createdById: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The latest review comment when changes were requested. */
  readonly lastComment: string | null;
  /** Who produced the content as it is now: the uploader of the current revision, or who wrote the link or note. */
  readonly authorName: string;
  /** The approval in effect, for the revision (or address, text) approved. */
  readonly approval: EvidenceApproval | null;
  /** Counts for the audit: approved for its content as it is now. */
  readonly counts: boolean;
}

export interface EvidenceApproval {
  /** Null for a link or a note. */
  readonly revision: number | null;
  readonly sha256: string;
  readonly by: string;
  readonly at: string;
  /** Approved by the author of that content (the organization allows it). */
  readonly selfApproved: boolean;
}

export interface EvidenceReview {
  readonly fromStatus: EvidenceStatus | null;
  readonly toStatus: EvidenceStatus;
  readonly comment: string | null;
  readonly actor: string;
  readonly at: string;
  /** For an approval: the revision and SHA-256 approved. */
  readonly revision: number | null;
  readonly sha256: string | null;
  readonly selfApproved: boolean;
}

export interface EvidenceDetail extends EvidenceItem {
  readonly revisions: readonly EvidenceRevision[];
  readonly reviews: readonly EvidenceReview[];
  /** Whether the signed-in person may approve the item, and why not (two pairs of eyes). */
  readonly approvalRule: {
    readonly allowed: boolean;
    readonly reason: string | null;
    readonly selfApproval: boolean;
  };
}

/** What files, links and notes are filed as. */
export interface EvidenceMeta {
  readonly title: string;
  readonly artifactType: string;
  readonly projectId: string;
  readonly controls: readonly string[];
}

export type EvidenceCreate =
  | (EvidenceMeta & { readonly kind: "link"; readonly url: string })
  | (EvidenceMeta & { readonly kind: "note"; readonly note: string });

export interface EvidencePatch {
  readonly title?: string;
  readonly artifactType?: string;
  readonly projectId?: string;
  readonly controls?: readonly string[];
  readonly url?: string;
  readonly note?: string;
}

/** The list's filters, as the API takes them (`mine`: only the items the signed-in person created). */
export interface EvidenceFilters {
  readonly control?: string;
  readonly status?: EvidenceStatus;
  readonly projectId?: string;
  readonly mine?: boolean;
}

export function evidenceKey(orgId: string) {
  return [...orgKey(orgId), "evidence"] as const;
}

export function evidenceListQuery(orgId: string, filters: EvidenceFilters) {
  const query = {
    control: filters.control,
    status: filters.status,
    projectId: filters.projectId,
    mine: filters.mine ? "1" : undefined,
  };
  return queryOptions({
    queryKey: [...evidenceKey(orgId), "list", query] as const,
    queryFn: ({ signal }) => api<EvidenceItem[]>(orgPath(orgId, "/evidence"), { query, signal }),
  });
}

export function useEvidenceList(orgId: string, filters: EvidenceFilters) {
  return useQuery({
    ...evidenceListQuery(orgId, filters),
    // Changing a filter keeps the previous rows on screen until the new ones arrive.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === orgId ? previous : undefined,
  });
}

/** The items the signed-in person created that a reviewer sent back: what is asked of them. */
export function askedOfMeQuery(orgId: string) {
  return evidenceListQuery(orgId, { mine: true, status: "changes_requested" });
}

/**
 * Shown in the navigation on every page: asked again every minute while the page is in front, so a
 * reviewer's request reaches the person without a reload.
 */
export function useAskedOfMe(orgId: string, enabled: boolean) {
  return useQuery({ ...askedOfMeQuery(orgId), enabled, refetchInterval: 60_000 });
}

function itemPath(orgId: string, id: string, rest = ""): string {
  return orgPath(orgId, `/evidence/${encodeURIComponent(id)}${rest}`);
}

export function evidenceItemQuery(orgId: string, id: string) {
  return queryOptions({
    queryKey: [...evidenceKey(orgId), "item", id] as const,
    // With its ETag: an edit sends it back, so it never overwrites a change made meanwhile.
    queryFn: ({ signal }) => apiVersioned<EvidenceDetail>(itemPath(orgId, id), { signal }),
  });
}

export function useEvidenceItem(orgId: string, id: string) {
  return useQuery(evidenceItemQuery(orgId, id));
}

/** A revision's file: a plain link (`download`), so the browser streams it and shows its own progress. */
export function revisionContentUrl(orgId: string, id: string, revision: number): string {
  return itemPath(orgId, id, `/revisions/${revision}/content`);
}

export function useCreateEvidence(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: EvidenceCreate) =>
      api<EvidenceDetail>(orgPath(orgId, "/evidence"), { method: "POST", body: input }),
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}

export interface FileUpload {
  readonly file: File;
  readonly onProgress: (loaded: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** `POST /evidence/files?title=&artifactType=&projectId=&controls=A1.1,B3.1&fileName=` with the file as the body. */
export function fileEvidenceUrl(orgId: string, meta: EvidenceMeta, fileName: string): string {
  return apiUrl(orgPath(orgId, "/evidence/files"), {
    title: meta.title,
    artifactType: meta.artifactType,
    projectId: meta.projectId,
    controls: meta.controls.join(","),
    fileName,
  });
}

export function useUploadEvidenceFile(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ meta, file, onProgress, signal }: FileUpload & { meta: EvidenceMeta }) =>
      sendFile<EvidenceDetail>(fileEvidenceUrl(orgId, meta, file.name), file, onProgress, signal),
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}

export function useUploadRevision(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress, signal }: FileUpload) =>
      sendFile<EvidenceRevision>(
        apiUrl(itemPath(orgId, id, "/revisions"), { fileName: file.name }),
        file,
        onProgress,
        signal,
      ),
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}

/**
 * Changes an item as of the version `ifMatch` names (the ETag it was read with): when someone else has
 * changed it since, the server answers 412 and nothing is changed (`isStale`).
 */
export function useUpdateEvidence(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, ifMatch }: { patch: EvidencePatch; ifMatch: string | null }) =>
      apiVersioned<EvidenceDetail>(itemPath(orgId, id), { method: "PATCH", body: patch, ifMatch }),
    onSuccess: (detail) => {
      client.setQueryData(evidenceItemQuery(orgId, id).queryKey, detail);
      return invalidateAuditWorkspace(client, orgId);
    },
  });
}

export function useDeleteEvidence(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<undefined>(itemPath(orgId, id), { method: "DELETE" }),
    onSuccess: () => {
      // Not awaited: the page leaves right away, and the deleted item is not asked for again.
      void invalidateAuditWorkspace(client, orgId, evidenceItemQuery(orgId, id).queryKey);
    },
  });
}

export function useReviewEvidence(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: ReviewActionName; comment?: string; revision?: number }) =>
      apiVersioned<EvidenceDetail>(itemPath(orgId, id, "/review"), { method: "POST", body: input }),
    onSuccess: (detail) => {
      client.setQueryData(evidenceItemQuery(orgId, id).queryKey, detail);
      return invalidateAuditWorkspace(client, orgId);
    },
  });
}
