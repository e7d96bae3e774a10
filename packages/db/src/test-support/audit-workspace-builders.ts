import { createHash, randomUUID } from "node:crypto";
import type { CustomerProjectFields } from "../repositories/customer-projects-repository.js";
import type { NewEvidence, NewEvidenceRevision } from "../repositories/evidence-repository.js";
import { repositories } from "../repositories/index.js";
import type { Sql } from "../sql.js";

/** An organization with its partner admin, as the workspace's tests start from. */
export async function seedOrganization(sql: Sql, name: string) {
  const r = repositories(sql);
  const org = await r.organizations.create(randomUUID(), name);
  const user = await r.users.create({
    id: randomUUID(),
    email: `${name.toLowerCase().replace(/\W/g, "")}-${randomUUID().slice(0, 8)}@example.com`,
    name: `${name} admin`,
    passwordHash: "$argon2id$test",
  });
  await r.users.addMember(org.id, user.id, "partner_admin");
  return { org, user };
}

export function buildCustomerProject(
  overrides: Partial<CustomerProjectFields> = {},
): CustomerProjectFields & { id: string } {
  return {
    id: randomUUID(),
    customerTenantId: "8f2d6a4e-1c3b-4f5a-9e7d-2b1c0a9f8e7d",
    customerName: "Contoso Pharmaceuticals",
    project: "Clinical trial document search",
    workload: "Azure AI Search + Azure OpenAI",
    aiServices: ["Azure OpenAI", "Azure AI Search"],
    completionDate: "2024-09-30",
    greenfield: true,
    stage: "production",
    ...overrides,
  };
}

export function buildEvidence(
  projectId: string,
  createdBy: { id: string; name: string },
  overrides: Partial<NewEvidence> = {},
): NewEvidence {
  return {
    id: randomUUID(),
    kind: "link",
    title: "Architecture diagram",
    artifactType: "architecture-diagram",
    projectId,
    url: "https://contoso.sharepoint.com/sites/ai/architecture.pdf",
    note: null,
    controls: ["A1.1"],
    createdBy: createdBy.id,
    createdByName: createdBy.name,
    ...overrides,
  };
}

export function buildRevision(
  orgId: string,
  evidenceId: string,
  overrides: Partial<NewEvidenceRevision> = {},
): NewEvidenceRevision {
  const key = `orgs/${orgId}/evidence/${evidenceId}/${randomUUID()}`;
  return {
    evidenceId,
    storageKey: key,
    fileName: "Statement of work.pdf",
    size: 48_213,
    sha256: createHash("sha256").update(key).digest("hex"),
    mediaType: "application/pdf",
    uploadedBy: null,
    uploadedByName: "Ada Lovelace",
    ...overrides,
  };
}
