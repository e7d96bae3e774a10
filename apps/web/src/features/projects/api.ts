import type { CustomerProjectRecord } from "@specready/core";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api-client";
import { orgKey, orgPath } from "../organizations/api";

/** The import a register came from, as the API describes it (the fields this page shows). */
export interface ProjectsImport {
  readonly id: string;
  readonly fileName: string;
  readonly rows: number;
  readonly createdAt: string;
  readonly createdBy: { readonly id: string | null; readonly name: string } | null;
}

export interface ProjectsResponse {
  /** The customer-projects import in effect, or null when none was imported (or all were undone). */
  readonly import: ProjectsImport | null;
  readonly projects: readonly CustomerProjectRecord[];
}

export function projectsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "projects"] as const,
    queryFn: ({ signal }) => api<ProjectsResponse>(orgPath(orgId, "/projects"), { signal }),
  });
}

export function useProjects(orgId: string) {
  return useQuery(projectsQuery(orgId));
}
