import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall } from "../../api/client";
import { orgKey, orgPath } from "../../api/org-keys";
import {
  ApiError,
  apiUrl,
  getCsrfToken,
  handleUnauthorized,
  networkError,
  toApiError,
} from "../../lib/api-client";
import type { ImportKind } from "./kinds";
import type { ImportJob, Upload } from "./types";

export function importsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "imports"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/imports", { params: { orgId }, signal }),
  });
}

export function useImports(orgId: string) {
  return useQuery(importsQuery(orgId));
}

export interface UploadRequest {
  readonly orgId: string;
  readonly kind: ImportKind;
  readonly file: File;
  readonly onProgress: (loaded: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Sends the file as the raw request body. XMLHttpRequest rather than fetch: only it reports upload
 * progress, and a usage export can be hundreds of megabytes.
 */
export function uploadFile({ orgId, kind, file, onProgress, signal }: UploadRequest): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", apiUrl(orgPath(orgId, "/uploads"), { kind, fileName: file.name }));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", file.type !== "" ? file.type : "application/octet-stream");
    const csrf = getCsrfToken();
    if (csrf !== null) xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText === "" ? undefined : JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as Upload);
        return;
      }
      if (xhr.status === 401) handleUnauthorized();
      reject(toApiError(xhr.status, body, xhr.getResponseHeader("Retry-After")));
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** Discards an upload that will not be imported (`DELETE …/uploads/{id}`). */
export async function discardUpload(orgId: string, uploadId: string): Promise<void> {
  await apiCall("delete", "/orgs/{orgId}/uploads/{uploadId}", { params: { orgId, uploadId } });
}

export function useStartImport(orgId: string) {
  return useMutation({
    mutationFn: (input: {
      uploadId: string;
      mapping: Record<string, string>;
      rememberMapping: boolean;
      /** Stop before applying, with what the import would do (certifications, capability score). */
      preview: boolean;
    }) =>
      apiCall("post", "/orgs/{orgId}/uploads/{uploadId}/import", {
        params: { orgId, uploadId: input.uploadId },
        body: { mapping: input.mapping, rememberMapping: input.rememberMapping, preview: input.preview },
      }),
  });
}

function importJobKey(orgId: string, jobId: string | null) {
  return [...orgKey(orgId), "import-job", jobId] as const;
}

/** Whether the server is still working on the job (reading or saving): then it is polled. */
export function jobRunning(state: ImportJob["state"] | undefined): boolean {
  return state === undefined || state === "reading" || state === "saving";
}

/**
 * How long one poll of a running job may wait on the server for the job's next change (its state, or its
 * progress, about twice a second): the end of an import shows when it happens, not at the next poll.
 */
const JOB_WAIT_MS = 8000;

/**
 * Polls the import job while it is read or saved, each poll waiting on the server for the next change
 * since the version last seen (a change between two polls is answered at once). After a failed poll
 * the job is asked for again every 2 s while the server is unreachable or failing; not after a refusal
 * (signed out, the job gone).
 */
export function useImportJob(orgId: string, jobId: string | null) {
  const client = useQueryClient();
  const key = importJobKey(orgId, jobId);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => {
      const seen = client.getQueryData<ImportJob>(key)?.version;
      return apiCall("get", "/orgs/{orgId}/import-jobs/{jobId}", {
        params: { orgId, jobId: jobId ?? "" },
        query: { wait: JOB_WAIT_MS, ...(seen === undefined ? {} : { after: seen }) },
        signal,
      });
    },
    enabled: jobId !== null,
    // The next poll right after an answer (a poll in flight is not started again); slowly after a failed
    // one, and not after a refusal.
    refetchInterval: (query) => {
      const { error, data } = query.state;
      if (query.state.status === "error")
        return error instanceof ApiError && error.status < 500 ? false : 2000;
      return jobRunning(data?.state) ? 100 : false;
    },
    // A poll that fails once (a blip) is retried by the next poll; the job goes on on the server.
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 5,
    staleTime: 0,
    gcTime: 60_000,
  });
}

/**
 * Confirms an import waiting for it (what it replaces, rows that repeat, its preview); the answer is the job, saving,
 * which is polled again from there.
 */
export function useConfirmImport(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      jobId: string;
      confirmReplace: boolean;
      confirmRepeats: boolean;
      confirmChanges: boolean;
    }) =>
      apiCall("post", "/orgs/{orgId}/import-jobs/{jobId}/confirm", {
        params: { orgId, jobId: input.jobId },
        body: {
          confirmReplace: input.confirmReplace,
          confirmRepeats: input.confirmRepeats,
          confirmChanges: input.confirmChanges,
        },
      }),
    onSuccess: (job) => client.setQueryData(importJobKey(orgId, job.id), job),
  });
}

/** Cancels an import being read, or one waiting for its confirmation. */
export function useCancelImport(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) =>
      apiCall("post", "/orgs/{orgId}/import-jobs/{jobId}/cancel", { params: { orgId, jobId } }),
    onSuccess: (job) => {
      client.setQueryData(importJobKey(orgId, job.id), job);
      // A job cancelled while reading stops a moment later: poll until it says so.
      void client.invalidateQueries({ queryKey: importJobKey(orgId, job.id) });
    },
  });
}

export function useRevertImport(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (importId: string) =>
      apiCall("post", "/orgs/{orgId}/imports/{importId}/revert", { params: { orgId, importId } }),
    // The dashboard, the history and the organization's data version all change.
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId) }),
  });
}
