import type { Actor, CertificationFields, Person, PersonCertification, Sql } from "@specready/db";
import { isUniqueViolation, repositories } from "@specready/db";

/*
 * The People page's changes, each a command `(context, actor, input)` that runs in one transaction,
 * writes the activity log, and returns a typed result: the record, or an error with a stable code for
 * the route to present. The rows it adds or changes are marked as edited in the workspace, so the next
 * certifications import shows them as conflicts instead of overwriting them silently.
 */

export interface PeopleContext {
  readonly db: Sql;
  /** Called after a change is committed (the organization's cached data version is dropped). */
  readonly changed: (orgId: string) => void;
}

export type PeopleError =
  | { readonly code: "person.not_found"; readonly message: string }
  | { readonly code: "person.duplicate"; readonly message: string }
  | { readonly code: "certification.not_found"; readonly message: string }
  | { readonly code: "certification.invalid_dates"; readonly message: string };

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: PeopleError };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: PeopleError): Result<T> => ({ ok: false, error });
const notFound = <T>(): Result<T> =>
  fail({ code: "person.not_found", message: "The organization has no such person." });
const duplicate = <T>(personId: string): Result<T> =>
  fail({
    code: "person.duplicate",
    message: `The People page already has ${personId} (PersonId is unique, whatever its case).`,
  });

const who = (p: { personId: string; name: string | null }) =>
  p.name === null ? p.personId : `${p.name} (${p.personId})`;
const certText = (c: CertificationFields) =>
  `${c.certification}${c.earnedOn === null ? "" : `, earned ${c.earnedOn}`}${c.expiresOn === null ? "" : `, expires ${c.expiresOn}`}${c.associated === false ? ", Learn profile not associated" : ""}`;

/** Adds a person, with the certifications typed for them. */
export async function createPerson(
  ctx: PeopleContext,
  orgId: string,
  actor: Actor,
  input: {
    personId: string;
    name?: string | null | undefined;
    certifications?: readonly CertificationFields[];
  },
): Promise<Result<Person>> {
  const result = await ctx.db.transaction(async (tx): Promise<Result<Person>> => {
    const r = repositories(tx);
    const created = await r.people.create(orgId, {
      personId: input.personId,
      name: input.name,
      edited: true,
    });
    if (created === "duplicate") return duplicate(input.personId);
    for (const c of input.certifications ?? [])
      await r.people.addCertification(orgId, created.id, c, actor.name);
    const person = (await r.people.get(orgId, created.id)) as Person;
    await r.activity.record(
      orgId,
      actor,
      "person.created",
      `Added ${who(person)} on the People page${person.certifications.length > 0 ? ` with ${person.certifications.map(certText).join("; ")}` : ""}`,
      { personRef: person.id, personId: person.personId, certifications: person.certifications.length },
    );
    await r.organizations.bumpDataVersion(orgId);
    return ok(person);
  });
  if (result.ok) ctx.changed(orgId);
  return result;
}

/** Changes a person's PersonId or name. */
export async function updatePerson(
  ctx: PeopleContext,
  orgId: string,
  actor: Actor,
  input: { personRef: string; personId?: string | undefined; name?: string | null | undefined },
): Promise<Result<Person>> {
  const result = await ctx.db.transaction(async (tx): Promise<Result<Person>> => {
    const r = repositories(tx);
    const before = await r.people.get(orgId, input.personRef);
    if (before === null) return notFound();
    let updated: Person | "duplicate" | null;
    try {
      updated = await r.people.update(orgId, input.personRef, { personId: input.personId, name: input.name });
    } catch (error) {
      // Two renames to the same PersonId at the same instant meet the unique index.
      if (isUniqueViolation(error)) return duplicate(input.personId ?? before.personId);
      throw error;
    }
    if (updated === null) return notFound();
    if (updated === "duplicate") return duplicate(input.personId ?? before.personId);
    await r.activity.record(
      orgId,
      actor,
      "person.updated",
      `Changed ${who(before)} on the People page to ${who(updated)}`,
      { personRef: updated.id, before: { personId: before.personId, name: before.name } },
    );
    await r.organizations.bumpDataVersion(orgId);
    return ok(updated);
  });
  if (result.ok) ctx.changed(orgId);
  return result;
}

/** Removes a person and their certifications. */
export async function deletePerson(
  ctx: PeopleContext,
  orgId: string,
  actor: Actor,
  input: { personRef: string },
): Promise<Result<Person>> {
  const result = await ctx.db.transaction(async (tx): Promise<Result<Person>> => {
    const r = repositories(tx);
    const before = await r.people.get(orgId, input.personRef);
    if (before === null || !(await r.people.delete(orgId, input.personRef))) return notFound();
    await r.activity.record(
      orgId,
      actor,
      "person.deleted",
      `Removed ${who(before)} and ${before.certifications.length} certification row(s) on the People page`,
      {
        personRef: before.id,
        personId: before.personId,
        certifications: before.certifications.map(certText),
      },
    );
    await r.organizations.bumpDataVersion(orgId);
    return ok(before);
  });
  if (result.ok) ctx.changed(orgId);
  return result;
}

/** Notes a certification of a person ("passed AI-103 yesterday"). */
export async function addCertification(
  ctx: PeopleContext,
  orgId: string,
  actor: Actor,
  input: { personRef: string; fields: CertificationFields },
): Promise<Result<PersonCertification>> {
  const result = await ctx.db.transaction(async (tx): Promise<Result<PersonCertification>> => {
    const r = repositories(tx);
    const person = await r.people.get(orgId, input.personRef);
    if (person === null) return notFound();
    const row = await r.people.addCertification(orgId, person.id, input.fields, actor.name);
    await r.activity.record(
      orgId,
      actor,
      "person.certification_added",
      `Noted ${certText(input.fields)} for ${who(person)} on the People page`,
      { personRef: person.id, certificationId: row.id, certification: row.certification },
    );
    await r.organizations.bumpDataVersion(orgId);
    return ok(row);
  });
  if (result.ok) ctx.changed(orgId);
  return result;
}

/** Changes a certification row (it is then the workspace's: the next import shows a conflict). */
export async function updateCertification(
  ctx: PeopleContext,
  orgId: string,
  actor: Actor,
  input: { personRef: string; certificationId: string; patch: Partial<CertificationFields> },
): Promise<Result<PersonCertification>> {
  const result = await ctx.db.transaction(async (tx): Promise<Result<PersonCertification>> => {
    const r = repositories(tx);
    const person = await r.people.get(orgId, input.personRef);
    if (person === null) return notFound();
    const before = person.certifications.find((c) => c.id === input.certificationId);
    if (before !== undefined) {
      const earned = input.patch.earnedOn === undefined ? before.earnedOn : input.patch.earnedOn;
      const expires = input.patch.expiresOn === undefined ? before.expiresOn : input.patch.expiresOn;
      if (earned !== null && expires !== null && earned > expires)
        return fail({
          code: "certification.invalid_dates",
          message: `The expiry (${expires}) must not be before the day it was earned (${earned}).`,
        });
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
    if (before === undefined || row === null)
      return fail({
        code: "certification.not_found",
        message: `${who(person)} has no such certification row.`,
      });
    const changed = (["certification", "earnedOn", "expiresOn", "associated"] as const).filter(
      (k) => before[k] !== row[k],
    );
    await r.activity.record(
      orgId,
      actor,
      "person.certification_updated",
      `Changed ${before.certification} of ${who(person)} on the People page${changed.length > 0 ? ` (${changed.map((k) => `${k}: ${before[k] ?? "none"} → ${row[k] ?? "none"}`).join(", ")})` : ""}`,
      { personRef: person.id, certificationId: row.id, changed },
    );
    await r.organizations.bumpDataVersion(orgId);
    return ok(row);
  });
  if (result.ok) ctx.changed(orgId);
  return result;
}

/** Removes a certification row. */
export async function deleteCertification(
  ctx: PeopleContext,
  orgId: string,
  actor: Actor,
  input: { personRef: string; certificationId: string },
): Promise<Result<PersonCertification>> {
  const result = await ctx.db.transaction(async (tx): Promise<Result<PersonCertification>> => {
    const r = repositories(tx);
    const person = await r.people.get(orgId, input.personRef);
    if (person === null) return notFound();
    const row = await r.people.deleteCertification(orgId, person.id, input.certificationId);
    if (row === null)
      return fail({
        code: "certification.not_found",
        message: `${who(person)} has no such certification row.`,
      });
    await r.activity.record(
      orgId,
      actor,
      "person.certification_deleted",
      `Removed ${row.certification} of ${who(person)} on the People page`,
      { personRef: person.id, certificationId: row.id, certification: row.certification },
    );
    await r.organizations.bumpDataVersion(orgId);
    return ok(row);
  });
  if (result.ok) ctx.changed(orgId);
  return result;
}
