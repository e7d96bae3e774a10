import type { CertificationFields, Person, PersonCertification } from "@specready/db";
import { isUniqueViolation } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { fail, invalid, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/*
 * The People page's changes, each a command `(context, access, input)` on the mutation path: the
 * organization locked, the activity log written with a typed event, the data version bumped, and a typed
 * result. The rows it adds or changes are marked as edited in the workspace, so the next certifications
 * import shows them as conflicts instead of overwriting them silently.
 */

function duplicate(personId: string): never {
  return fail({
    code: "conflict",
    reason: "person.duplicate",
    message: `The People page already has ${personId} (PersonId is unique, whatever its case).`,
  });
}

const noCertification = (): never => notFound("certification");

const who = (p: { personId: string; name: string | null }) =>
  p.name === null ? p.personId : `${p.name} (${p.personId})`;
const certText = (c: CertificationFields) =>
  `${c.certification}${c.earnedOn === null ? "" : `, earned ${c.earnedOn}`}${c.expiresOn === null ? "" : `, expires ${c.expiresOn}`}${c.associated === false ? ", Learn profile not associated" : ""}`;

/** Adds a person, with the certifications typed for them. */
export async function createPerson(
  ctx: AppContext,
  access: CommandAccess,
  input: {
    personId: string;
    name?: string | null | undefined;
    certifications?: readonly CertificationFields[];
  },
): Promise<Result<Person>> {
  const { orgId, actor } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const created = await r.people.create(orgId, {
      personId: input.personId,
      name: input.name,
      edited: true,
    });
    if (created === "duplicate") return duplicate(input.personId);
    for (const c of input.certifications ?? [])
      await r.people.addCertification(orgId, created.id, c, actor.name);
    const person = (await r.people.get(orgId, created.id)) as Person;
    record({
      action: "person.created",
      summary: `Added ${who(person)} on the People page${person.certifications.length > 0 ? ` with ${person.certifications.map(certText).join("; ")}` : ""}`,
      details: {
        personRef: person.id,
        personId: person.personId,
        certifications: person.certifications.length,
      },
    });
    return person;
  });
}

/** Changes a person's PersonId or name. */
export async function updatePerson(
  ctx: AppContext,
  access: CommandAccess,
  input: { personRef: string; personId?: string | undefined; name?: string | null | undefined },
): Promise<Result<Person>> {
  const { orgId } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const before = await r.people.get(orgId, input.personRef);
    if (before === null) return notFound("person");
    let updated: Person | "duplicate" | null;
    try {
      updated = await r.people.update(orgId, input.personRef, { personId: input.personId, name: input.name });
    } catch (error) {
      // Two renames to the same PersonId at the same instant meet the unique index.
      if (isUniqueViolation(error)) return duplicate(input.personId ?? before.personId);
      throw error;
    }
    if (updated === null) return notFound("person");
    if (updated === "duplicate") return duplicate(input.personId ?? before.personId);
    record({
      action: "person.updated",
      summary: `Changed ${who(before)} on the People page to ${who(updated)}`,
      details: { personRef: updated.id, before: { personId: before.personId, name: before.name } },
    });
    return updated;
  });
}

/** Removes a person and their certifications. */
export async function deletePerson(
  ctx: AppContext,
  access: CommandAccess,
  input: { personRef: string },
): Promise<Result<Person>> {
  const { orgId } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const before = await r.people.get(orgId, input.personRef);
    if (before === null || !(await r.people.delete(orgId, input.personRef))) return notFound("person");
    record({
      action: "person.deleted",
      summary: `Removed ${who(before)} and ${before.certifications.length} certification row(s) on the People page`,
      details: {
        personRef: before.id,
        personId: before.personId,
        certifications: before.certifications.map(certText),
      },
    });
    return before;
  });
}

/** Notes a certification of a person ("passed AI-103 yesterday"). */
export async function addCertification(
  ctx: AppContext,
  access: CommandAccess,
  input: { personRef: string; fields: CertificationFields },
): Promise<Result<PersonCertification>> {
  const { orgId, actor } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const person = await r.people.get(orgId, input.personRef);
    if (person === null) return notFound("person");
    const row = await r.people.addCertification(orgId, person.id, input.fields, actor.name);
    record({
      action: "person.certification_added",
      summary: `Noted ${certText(input.fields)} for ${who(person)} on the People page`,
      details: { personRef: person.id, certificationId: row.id, certification: row.certification },
    });
    return row;
  });
}

/** Changes a certification row (it is then the workspace's: the next import shows a conflict). */
export async function updateCertification(
  ctx: AppContext,
  access: CommandAccess,
  input: { personRef: string; certificationId: string; patch: Partial<CertificationFields> },
): Promise<Result<PersonCertification>> {
  const { orgId, actor } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const person = await r.people.get(orgId, input.personRef);
    if (person === null) return notFound("person");
    const before = person.certifications.find((c) => c.id === input.certificationId);
    if (before !== undefined) {
      const earned = input.patch.earnedOn === undefined ? before.earnedOn : input.patch.earnedOn;
      const expires = input.patch.expiresOn === undefined ? before.expiresOn : input.patch.expiresOn;
      if (earned !== null && expires !== null && earned > expires)
        return invalid([
          {
            path: "expiresOn",
            message: `The expiry (${expires}) must not be before the day it was earned (${earned}).`,
          },
        ]);
    }
    const row =
      before === undefined
        ? null
        : await r.people.updateCertification(
            orgId,
            person.id,
            input.certificationId,
            input.patch,
            actor.name,
          );
    if (before === undefined || row === null) return noCertification();
    const changed = (["certification", "earnedOn", "expiresOn", "associated"] as const).filter(
      (k) => before[k] !== row[k],
    );
    record({
      action: "person.certification_updated",
      summary: `Changed ${before.certification} of ${who(person)} on the People page${changed.length > 0 ? ` (${changed.map((k) => `${k}: ${before[k] ?? "none"} → ${row[k] ?? "none"}`).join(", ")})` : ""}`,
      details: { personRef: person.id, certificationId: row.id, changed },
    });
    return row;
  });
}

/** Removes a certification row. */
export async function deleteCertification(
  ctx: AppContext,
  access: CommandAccess,
  input: { personRef: string; certificationId: string },
): Promise<Result<PersonCertification>> {
  const { orgId } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const person = await r.people.get(orgId, input.personRef);
    if (person === null) return notFound("person");
    const row = await r.people.deleteCertification(orgId, person.id, input.certificationId);
    if (row === null) return noCertification();
    record({
      action: "person.certification_deleted",
      summary: `Removed ${row.certification} of ${who(person)} on the People page`,
      details: { personRef: person.id, certificationId: row.id, certification: row.certification },
    });
    return row;
  });
}
