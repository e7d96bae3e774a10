/*
 * A customer's tenant id is the GUID of its Microsoft Entra tenant, as Partner Center shows it
 * (`CustomerTenantId` in the usage report): 32 hexadecimal digits in groups of 8-4-4-4-12. The register
 * holds no other kind of id, so an id typed wrong (or a cell holding a spreadsheet formula) is refused
 * where it comes in rather than counted as a customer.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An example shown in messages. */
export const TENANT_ID_EXAMPLE = "5f0c6a52-0d7e-4a8b-9c1d-2e3f4a5b6c7d";

/** True for a GUID such as `5f0c6a52-0d7e-4a8b-9c1d-2e3f4a5b6c7d` (any case, nothing around it). */
export function isTenantId(text: string): boolean {
  return GUID.test(text);
}

/** What is wrong with a tenant id, in words; null when it is a GUID. */
export function tenantIdProblem(text: string): string | null {
  if (isTenantId(text)) return null;
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return `"${shown}" is not a tenant ID: a customer's tenant ID is a GUID such as ${TENANT_ID_EXAMPLE} (Partner Center shows it as CustomerTenantId)`;
}
