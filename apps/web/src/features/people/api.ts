import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { orgKey, orgPath } from "../../api/org-keys";
import { api } from "../../lib/api-client";

/*
 * The People page's API (`/api/orgs/{orgId}/people`), shaped as apps/server/src/api/people-schemas.ts
 * (`PeopleList`, `Person`, `PersonCertification`) describes it.
 */

export type CertificationStatus =
  | "counting"
  | "not_associated"
  | "not_yet_earned"
  | "expired"
  | "does_not_count";

export interface PersonCertification {
  readonly id: string;
  readonly certification: string;
  readonly earnedOn: string | null;
  readonly expiresOn: string | null;
  readonly associated: boolean | null;
  readonly effectiveExpiry: string | null;
  readonly status: CertificationStatus;
  readonly countsAs: string | null;
  readonly origin: "import" | "workspace";
  readonly importId: string | null;
  readonly sourceLine: number | null;
  readonly editedAt: string | null;
  readonly editedByName: string | null;
  readonly updatedAt: string;
}

export interface Person {
  readonly id: string;
  readonly personId: string;
  readonly name: string | null;
  readonly editedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly certifications: readonly PersonCertification[];
}

export interface CertificationChoice {
  readonly id: string;
  readonly title: string;
  readonly countsAs: string | null;
}

export interface PeopleList {
  readonly asOf: string;
  readonly programId: string;
  readonly minimumIndividuals: number;
  readonly people: readonly Person[];
  readonly choices: readonly CertificationChoice[];
  readonly editedRows: number;
}

export interface CertificationInput {
  readonly certification: string;
  readonly earnedOn: string | null;
  readonly expiresOn: string | null;
  readonly associated: boolean | null;
}

export function peopleKey(orgId: string) {
  return [...orgKey(orgId), "people"] as const;
}

export function peopleQuery(orgId: string) {
  return queryOptions({
    queryKey: peopleKey(orgId),
    queryFn: ({ signal }) => api<PeopleList>(orgPath(orgId, "/people"), { signal }),
  });
}

export function usePeople(orgId: string) {
  return useQuery(peopleQuery(orgId));
}

/** The export `specready check` reads to the same evaluation. */
export function peopleExportHref(orgId: string): string {
  return orgPath(orgId, "/people/export");
}

/** People change the knowledge requirement: everything of the organization is read again. */
function useOrgMutation<I, O>(orgId: string, fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId) }),
  });
}

const personPath = (orgId: string, ref: string) => orgPath(orgId, `/people/${encodeURIComponent(ref)}`);

export function useCreatePerson(orgId: string) {
  return useOrgMutation(
    orgId,
    (input: { personId: string; name: string | null; certifications: readonly CertificationInput[] }) =>
      api<Person>(orgPath(orgId, "/people"), { method: "POST", body: input }),
  );
}

export function useUpdatePerson(orgId: string) {
  return useOrgMutation(orgId, ({ id, ...patch }: { id: string; personId: string; name: string | null }) =>
    api<Person>(personPath(orgId, id), { method: "PATCH", body: patch }),
  );
}

export function useDeletePerson(orgId: string) {
  return useOrgMutation(orgId, (id: string) => api<undefined>(personPath(orgId, id), { method: "DELETE" }));
}

export function useAddCertification(orgId: string) {
  return useOrgMutation(orgId, ({ person, input }: { person: string; input: CertificationInput }) =>
    api<PersonCertification>(`${personPath(orgId, person)}/certifications`, { method: "POST", body: input }),
  );
}

export function useUpdateCertification(orgId: string) {
  return useOrgMutation(
    orgId,
    ({ person, id, input }: { person: string; id: string; input: CertificationInput }) =>
      api<PersonCertification>(`${personPath(orgId, person)}/certifications/${encodeURIComponent(id)}`, {
        method: "PATCH",
        body: input,
      }),
  );
}

export function useDeleteCertification(orgId: string) {
  return useOrgMutation(orgId, ({ person, id }: { person: string; id: string }) =>
    api<undefined>(`${personPath(orgId, person)}/certifications/${encodeURIComponent(id)}`, {
      method: "DELETE",
    }),
  );
}
