import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type ResponseOf, type Schemas } from "../../api/client";
import { orgKey, orgPath } from "../../api/org-keys";
import { invalidateAuditWorkspace } from "../../api/workspace-queries";
import { apiUrl, apiVersioned } from "../../lib/api-client";
import { sendFile } from "./send-file";

/*
 * Evidence items, their file revisions and reviews (`/api/orgs/{orgId}/evidence`), shaped as
 * apps/server/src/api/audit-schemas.ts (`EvidenceItem`, `EvidenceDetail`, …) describes them.
 */

export type EvidenceStatus = Schemas["EvidenceStatus"];
export type EvidenceKind = Schemas["EvidenceKind"];
export type ReviewActionName = Schemas["ReviewAction"]["action"];
export type EvidenceRevision = Schemas["EvidenceRevision"];
export type EvidenceItem = Schemas["EvidenceItem"];
export type EvidenceProjectRef = EvidenceItem["project"];
export type EvidenceApproval = Schemas["EvidenceApproval"];
export type EvidenceReview = Schemas["EvidenceReview"];
/** An item with its revisions, reviews, and whether the signed-in person may approve it (and why not). */
export type EvidenceDetail = Schemas["EvidenceDetail"];
export type EvidenceCreate = Schemas["EvidenceCreate"];
export type EvidencePatch = Schemas["EvidencePatch"];
/** What files, links and notes are filed as. */
export type EvidenceMeta = Pick<EvidenceCreate, "title" | "artifactType" | "projectId" | "controls">;

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
    mine: filters.mine ? ("1" as const) : undefined,
  };
  return queryOptions({
    queryKey: [...evidenceKey(orgId), "list", query] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/evidence", { params: { orgId }, query, signal }),
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
      apiCall("post", "/orgs/{orgId}/evidence", { params: { orgId }, body: input }),
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
      sendFile<ResponseOf<"/orgs/{orgId}/evidence/files", "post">>(
        fileEvidenceUrl(orgId, meta, file.name),
        file,
        onProgress,
        signal,
      ),
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}

export function useUploadRevision(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress, signal }: FileUpload) =>
      sendFile<ResponseOf<"/orgs/{orgId}/evidence/{evidenceId}/revisions", "post">>(
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
    mutationFn: () =>
      apiCall("delete", "/orgs/{orgId}/evidence/{evidenceId}", { params: { orgId, evidenceId: id } }),
    onSuccess: () => {
      // Not awaited: the page leaves right away, and the deleted item is not asked for again.
      void invalidateAuditWorkspace(client, orgId, evidenceItemQuery(orgId, id).queryKey);
    },
  });
}

export function useReviewEvidence(orgId: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Schemas["ReviewAction"]) =>
      apiVersioned<EvidenceDetail>(itemPath(orgId, id, "/review"), { method: "POST", body: input }),
    onSuccess: (detail) => {
      client.setQueryData(evidenceItemQuery(orgId, id).queryKey, detail);
      return invalidateAuditWorkspace(client, orgId);
    },
  });
}
