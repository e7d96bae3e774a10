import { getCsrfToken, handleUnauthorized, networkError, toApiError } from "../../lib/api-client";

/**
 * POSTs a file as the raw request body and resolves with the JSON answer. XMLHttpRequest rather than
 * fetch: only it reports upload progress. The body goes as `application/octet-stream` whatever the
 * file is: the server reads the media type from the file's first bytes, never from the browser's
 * guess. Errors are `ApiError`s with the API's message (a 413 names the evidence size limit);
 * cancelling rejects with an `AbortError`.
 */
export function sendFile<T>(
  url: string,
  file: Blob,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException("The upload was cancelled.", "AbortError"));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    const csrf = getCsrfToken();
    if (csrf !== null) xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      const body = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      if (xhr.status === 401) handleUnauthorized();
      reject(toApiError(xhr.status, body, xhr.getResponseHeader("Retry-After")));
    };
    // A server that refuses a large body early (413) may close the connection while the browser is
    // still sending: some browsers then report a network error instead of the answer.
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True for the rejection of a cancelled upload (nothing to report). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
