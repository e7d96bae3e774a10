import { api } from "../lib/api-client";
import type { components, paths } from "./schema.gen";

/*
 * The API client typed by the OpenAPI document: a call names the route as the document does
 * (`"/orgs/{orgId}/evidence"`) with its method, and its path parameters, query, body and answer are
 * the document's. Underneath it is `api` (the CSRF token, the 401 handling, errors as `ApiError`).
 */

/** Every named schema of the API (`Schemas["EvidenceItem"]`). */
export type Schemas = components["schemas"];

type Method = "get" | "put" | "post" | "delete" | "patch";
export type ApiPath = keyof paths;
export type MethodOf<P extends ApiPath> = Extract<keyof paths[P], Method>;

type Operation<P extends ApiPath, M extends MethodOf<P>> = paths[P][M] extends {
  parameters: { path: unknown; query: unknown };
  requestBody: unknown;
  responses: unknown;
}
  ? paths[P][M]
  : never;

type Success = 200 | 201 | 202 | 204;

/** What a route answers when it succeeds (`undefined` for 204). */
export type ResponseOf<P extends ApiPath, M extends MethodOf<P>> = {
  [S in Extract<keyof Operation<P, M>["responses"], Success>]: S extends 204
    ? undefined
    : Operation<P, M>["responses"][S];
}[Extract<keyof Operation<P, M>["responses"], Success>];

/** The JSON body a route takes. */
export type BodyOf<P extends ApiPath, M extends MethodOf<P>> = Operation<P, M>["requestBody"];

/** The query parameters a route takes. */
export type QueryOf<P extends ApiPath, M extends MethodOf<P>> = Operation<P, M>["parameters"]["query"];

type Given<K extends string, T> = [T] extends [never]
  ? { readonly [_ in K]?: undefined }
  : { readonly [_ in K]: T };

export type CallOptions<P extends ApiPath, M extends MethodOf<P>> = Given<
  "params",
  Operation<P, M>["parameters"]["path"]
> &
  Given<"body", BodyOf<P, M>> & {
    /** Parameters left undefined are not sent. */
    readonly query?: [QueryOf<P, M>] extends [never]
      ? undefined
      : { readonly [K in keyof QueryOf<P, M>]?: QueryOf<P, M>[K] | undefined };
    readonly signal?: AbortSignal;
    /** A 401 is an answer, not a reason to leave the page (reading the session, signing in). */
    readonly allowUnauthorized?: boolean;
  };

/** `/orgs/{orgId}/tokens/{tokenId}` with `{orgId: "o", tokenId: "t"}` → `/api/orgs/o/tokens/t`. */
export function pathOf(
  template: string,
  params: Readonly<Record<string, string | number>> | undefined,
): string {
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${template}: the path parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
  return `/api${filled}`;
}

/** Calls a route of the API, typed by the OpenAPI document. */
export function apiCall<P extends ApiPath, M extends MethodOf<P>>(
  method: M,
  path: P,
  ...[options]: [keyof CallOptions<P, M>] extends [never]
    ? [CallOptions<P, M>?]
    : object extends CallOptions<P, M>
      ? [CallOptions<P, M>?]
      : [CallOptions<P, M>]
): Promise<ResponseOf<P, M>> {
  const o = (options ?? {}) as {
    params?: Record<string, string | number>;
    body?: unknown;
    query?: Record<string, string | number | null | undefined>;
    signal?: AbortSignal;
    allowUnauthorized?: boolean;
  };
  return api<ResponseOf<P, M>>(pathOf(path, o.params), {
    method: method.toUpperCase() as "GET" | "PUT" | "POST" | "DELETE" | "PATCH",
    ...(o.body !== undefined ? { body: o.body } : {}),
    ...(o.query !== undefined ? { query: o.query } : {}),
    ...(o.signal !== undefined ? { signal: o.signal } : {}),
    ...(o.allowUnauthorized ? { allowUnauthorized: true } : {}),
  });
}
