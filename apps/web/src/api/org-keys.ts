/*
 * The query keys and API paths of an organization, shared by every feature that reads it.
 */

/** Every query of one organization starts with this key, so an import can refresh them all at once. */
export function orgKey(orgId: string) {
  return ["org", orgId] as const;
}

export function orgPath(orgId: string, rest = ""): string {
  return `/api/orgs/${encodeURIComponent(orgId)}${rest}`;
}
