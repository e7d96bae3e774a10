import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";
import { orgKey, orgPath } from "../../api/org-keys";

/*
 * The People page's API (`/api/orgs/{orgId}/people`), shaped as apps/server/src/api/people-schemas.ts
 * (`PeopleList`, `Person`, `PersonCertification`) describes it.
 */

export type PeopleList = Schemas["PeopleList"];
/** A person, with what the signed-in person may do to them (`allowedActions`). */
export type Person = Schemas["Person"];
export type PersonCertification = Schemas["PersonCertification"];
export type CertificationStatus = PersonCertification["status"];
export type CertificationChoice = Schemas["CertificationChoice"];
export type CertificationInput = Schemas["CertificationInput"];

export function peopleKey(orgId: string) {
  return [...orgKey(orgId), "people"] as const;
}

export function peopleQuery(orgId: string) {
  return queryOptions({
    queryKey: peopleKey(orgId),
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/people", { params: { orgId }, signal }),
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

export function useCreatePerson(orgId: string) {
  return useOrgMutation(
    orgId,
    (input: { personId: string; name: string | null; certifications: readonly CertificationInput[] }) =>
      apiCall("post", "/orgs/{orgId}/people", { params: { orgId }, body: input }),
  );
}

export function useUpdatePerson(orgId: string) {
  return useOrgMutation(orgId, ({ id, ...patch }: { id: string; personId: string; name: string | null }) =>
    apiCall("patch", "/orgs/{orgId}/people/{personRef}", { params: { orgId, personRef: id }, body: patch }),
  );
}

export function useDeletePerson(orgId: string) {
  return useOrgMutation(orgId, (id: string) =>
    apiCall("delete", "/orgs/{orgId}/people/{personRef}", { params: { orgId, personRef: id } }),
  );
}

export function useAddCertification(orgId: string) {
  return useOrgMutation(orgId, ({ person, input }: { person: string; input: CertificationInput }) =>
    apiCall("post", "/orgs/{orgId}/people/{personRef}/certifications", {
      params: { orgId, personRef: person },
      body: input,
    }),
  );
}

export function useUpdateCertification(orgId: string) {
  return useOrgMutation(
    orgId,
    ({ person, id, input }: { person: string; id: string; input: CertificationInput }) =>
      apiCall("patch", "/orgs/{orgId}/people/{personRef}/certifications/{certificationId}", {
        params: { orgId, personRef: person, certificationId: id },
        body: input,
      }),
  );
}

export function useDeleteCertification(orgId: string) {
  return useOrgMutation(orgId, ({ person, id }: { person: string; id: string }) =>
    apiCall("delete", "/orgs/{orgId}/people/{personRef}/certifications/{certificationId}", {
      params: { orgId, personRef: person, certificationId: id },
    }),
  );
}
