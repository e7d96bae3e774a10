import { randomUUID } from "node:crypto";
import type { Sql } from "../sql.js";

/** One certification row of a person, as stored. */
export interface PersonCertification {
  readonly id: string;
  /** The row id of the person (`people.id`). */
  readonly personRef: string;
  readonly certification: string;
  /** Calendar dates, `YYYY-MM-DD`. */
  readonly earnedOn: string | null;
  readonly expiresOn: string | null;
  /** Whether the Microsoft Learn profile is associated with the partner; null: not said (counts as yes). */
  readonly associated: boolean | null;
  /** The import that last wrote the row and its line in that file; null for a row added in the workspace. */
  readonly importId: string | null;
  readonly sourceLine: number | null;
  /** When a person last added or changed the row in the workspace (after the import that wrote it). */
  readonly editedAt: string | null;
  readonly editedByName: string | null;
  readonly seq: number;
  readonly updatedAt: string;
}

/** A certified individual with the certification rows held. */
export interface Person {
  readonly id: string;
  /** The PersonId Partner Center shows: an e-mail or an individual id. */
  readonly personId: string;
  readonly name: string | null;
  readonly editedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly certifications: readonly PersonCertification[];
}

/** What a form or a file row says about one certification. */
export interface CertificationFields {
  readonly certification: string;
  readonly earnedOn: string | null;
  readonly expiresOn: string | null;
  readonly associated: boolean | null;
}

/** A certification row with its person, in the order the evaluation reads them. */
export interface CertificationRow extends PersonCertification {
  readonly personId: string;
  readonly personName: string | null;
  /** When someone changed the person (id or name) in the workspace. */
  readonly personEditedAt: string | null;
}

/** A file row as an import writes it: its person, its fields and its line. */
export interface ImportedCertification extends CertificationFields {
  readonly personId: string;
  readonly personName: string | null;
  readonly line: number;
}

const CERT = `c.id, c.person as "personRef", c.certification, c.earned_on as "earnedOn", c.expires_on as "expiresOn",
  c.associated, c.import_id as "importId", c.source_line as "sourceLine", c.edited_at as "editedAt",
  c.edited_by_name as "editedByName", c.seq, c.updated_at as "updatedAt"`;
const PERSON = `p.id, p.person_id as "personId", p.name, p.edited_at as "editedAt", p.created_at as "createdAt",
  p.updated_at as "updatedAt"`;

const optionalText = (v: string | null | undefined) => {
  const t = v?.trim();
  return t === undefined || t === "" ? null : t;
};

/**
 * The people of an organization and their certifications: the stored records of the certifications
 * input. The forms change them one at a time; an import changes them as a whole (`applyImport`).
 */
export class PeopleRepository {
  constructor(private readonly sql: Sql) {}

  /** Every person with their rows, by name (or id when unnamed), case-insensitive. */
  async list(orgId: string): Promise<Person[]> {
    const people = await this.sql.query<Omit<Person, "certifications">>(
      `select ${PERSON} from people p where p.org_id = $1
       order by lower(coalesce(p.name, p.person_id)), lower(p.person_id), p.id`,
      [orgId],
    );
    const certs = await this.sql.query<PersonCertification>(
      `select ${CERT} from person_certifications c where c.org_id = $1 order by c.seq`,
      [orgId],
    );
    const byPerson = new Map<string, PersonCertification[]>();
    for (const c of certs) {
      const list = byPerson.get(c.personRef) ?? [];
      list.push(c);
      byPerson.set(c.personRef, list);
    }
    return people.map((p) => ({ ...p, certifications: byPerson.get(p.id) ?? [] }));
  }

  /** How many people the organization has, and how many certification rows they hold in all. */
  async counts(orgId: string): Promise<{ people: number; certifications: number }> {
    const [row] = await this.sql.query<{ people: number; certifications: number }>(
      `select (select count(*) from people p where p.org_id = $1)::int as people,
         (select count(*) from person_certifications c where c.org_id = $1)::int as certifications`,
      [orgId],
    );
    return { people: Number(row?.people ?? 0), certifications: Number(row?.certifications ?? 0) };
  }

  async get(orgId: string, id: string): Promise<Person | null> {
    const [person] = await this.sql.query<Omit<Person, "certifications">>(
      `select ${PERSON} from people p where p.org_id = $1 and p.id = $2`,
      [orgId, id],
    );
    if (person === undefined) return null;
    const certifications = await this.sql.query<PersonCertification>(
      `select ${CERT} from person_certifications c where c.org_id = $1 and c.person = $2 order by c.seq`,
      [orgId, id],
    );
    return { ...person, certifications };
  }

  /** Every certification row with its person, in row order (an import's in file order, then added ones). */
  async certificationRows(orgId: string): Promise<CertificationRow[]> {
    return this.sql.query<CertificationRow>(
      `select ${CERT}, p.person_id as "personId", p.name as "personName", p.edited_at as "personEditedAt"
       from person_certifications c join people p on p.id = c.person
       where c.org_id = $1 order by c.seq`,
      [orgId],
    );
  }

  /** The new person, or "duplicate" when the organization has this PersonId (case-insensitive). */
  async create(
    orgId: string,
    p: { personId: string; name?: string | null | undefined; edited: boolean },
  ): Promise<Person | "duplicate"> {
    const [row] = await this.sql.query<{ id: string }>(
      `insert into people (id, org_id, person_id, name, edited_at) values ($1, $2, $3, $4, case when $5 then now() end)
       on conflict (org_id, lower(person_id)) do nothing returning id`,
      [randomUUID(), orgId, p.personId.trim(), optionalText(p.name), p.edited],
    );
    if (row === undefined) return "duplicate";
    return (await this.get(orgId, row.id)) as Person;
  }

  /** The changed person; null when unknown; "duplicate" when the new PersonId is another person's. */
  async update(
    orgId: string,
    id: string,
    patch: { personId?: string | undefined; name?: string | null | undefined },
  ): Promise<Person | "duplicate" | null> {
    const current = await this.get(orgId, id);
    if (current === null) return null;
    const personId = patch.personId === undefined ? current.personId : patch.personId.trim();
    const name = patch.name === undefined ? current.name : optionalText(patch.name);
    const clash = await this.sql.query(
      "select 1 from people where org_id = $1 and id <> $2 and lower(person_id) = lower($3)",
      [orgId, id, personId],
    );
    if (clash.length > 0) return "duplicate";
    await this.sql.query(
      `update people set person_id = $3, name = $4, edited_at = now(), updated_at = now()
       where org_id = $1 and id = $2`,
      [orgId, id, personId, name],
    );
    return this.get(orgId, id);
  }

  /** Removes the person and their rows; false when unknown. */
  async delete(orgId: string, id: string): Promise<boolean> {
    const rows = await this.sql.query("delete from people where org_id = $1 and id = $2 returning id", [
      orgId,
      id,
    ]);
    return rows.length > 0;
  }

  /** A row added in the workspace (marked as edited, so an import shows it when it would remove it). */
  async addCertification(
    orgId: string,
    personRef: string,
    fields: CertificationFields,
    editorName: string,
  ): Promise<PersonCertification> {
    const [row] = await this.sql.query<PersonCertification>(
      `insert into person_certifications as c (id, org_id, person, certification, earned_on, expires_on, associated,
         edited_at, edited_by_name)
       values ($1, $2, $3, $4, $5, $6, $7, now(), $8)
       returning ${CERT}`,
      [
        randomUUID(),
        orgId,
        personRef,
        fields.certification.trim(),
        fields.earnedOn,
        fields.expiresOn,
        fields.associated,
        editorName,
      ],
    );
    await this.touchPerson(orgId, personRef);
    return row as PersonCertification;
  }

  /** The changed row; null when the person has no such row. */
  async updateCertification(
    orgId: string,
    personRef: string,
    id: string,
    patch: Partial<CertificationFields>,
    editorName: string,
  ): Promise<PersonCertification | null> {
    const [current] = await this.sql.query<PersonCertification>(
      `select ${CERT} from person_certifications c where c.org_id = $1 and c.person = $2 and c.id = $3`,
      [orgId, personRef, id],
    );
    if (current === undefined) return null;
    const [row] = await this.sql.query<PersonCertification>(
      `update person_certifications c set certification = $4, earned_on = $5, expires_on = $6, associated = $7,
         edited_at = now(), edited_by_name = $8, updated_at = now()
       where c.org_id = $1 and c.person = $2 and c.id = $3 returning ${CERT}`,
      [
        orgId,
        personRef,
        id,
        (patch.certification ?? current.certification).trim(),
        patch.earnedOn === undefined ? current.earnedOn : patch.earnedOn,
        patch.expiresOn === undefined ? current.expiresOn : patch.expiresOn,
        patch.associated === undefined ? current.associated : patch.associated,
        editorName,
      ],
    );
    await this.touchPerson(orgId, personRef);
    return row ?? null;
  }

  /** The removed row; null when the person has no such row. */
  async deleteCertification(
    orgId: string,
    personRef: string,
    id: string,
  ): Promise<PersonCertification | null> {
    const [row] = await this.sql.query<PersonCertification>(
      `delete from person_certifications c where c.org_id = $1 and c.person = $2 and c.id = $3 returning ${CERT}`,
      [orgId, personRef, id],
    );
    if (row !== undefined) await this.touchPerson(orgId, personRef);
    return row ?? null;
  }

  private async touchPerson(orgId: string, id: string): Promise<void> {
    await this.sql.query("update people set updated_at = now() where org_id = $1 and id = $2", [orgId, id]);
  }

  /**
   * Makes the records what an imported file says: rows `keep` (by id) are rewritten from their file
   * row, rows not kept are removed, the file's other rows are added; every written row is the
   * import's, in file order, with its line, and no longer marked as edited. People the file names are
   * added (or take the file's name), people left without rows stay (they may be re-certified).
   */
  async applyImport(
    orgId: string,
    importId: string,
    rows: readonly (ImportedCertification & { readonly keep?: string | undefined })[],
    options: { readonly removeUnlisted: boolean } = { removeUnlisted: true },
  ): Promise<void> {
    const keep = rows.flatMap((r) => (r.keep === undefined ? [] : [r.keep]));
    if (options.removeUnlisted)
      await this.sql.query(
        "delete from person_certifications where org_id = $1 and not (id = any($2::uuid[]))",
        [orgId, keep],
      );
    const refs = new Map<string, string>();
    for (const r of rows) {
      const key = r.personId.trim().toLowerCase();
      if (refs.has(key)) continue;
      const name = optionalText(r.personName);
      const [person] = await this.sql.query<{ id: string }>(
        `insert into people (id, org_id, person_id, name) values ($1, $2, $3, $4)
         on conflict (org_id, lower(person_id)) do update
           set name = coalesce(excluded.name, people.name),
               updated_at = case when people.name is distinct from coalesce(excluded.name, people.name)
                            then now() else people.updated_at end,
               edited_at = case when excluded.name is not null then null else people.edited_at end
         returning id`,
        [randomUUID(), orgId, r.personId.trim(), name],
      );
      refs.set(key, (person as { id: string }).id);
    }
    // Rewritten in file order: the kept rows take new sequence numbers, as added ones do, so the
    // records read in the order of the file.
    for (const r of rows) {
      const person = refs.get(r.personId.trim().toLowerCase()) as string;
      const values = [
        orgId,
        person,
        r.certification.trim(),
        r.earnedOn,
        r.expiresOn,
        r.associated,
        importId,
        r.line,
      ];
      if (r.keep !== undefined) {
        await this.sql.query(
          `update person_certifications set person = $2, certification = $3, earned_on = $4, expires_on = $5,
             associated = $6, import_id = $7, source_line = $8, edited_at = null, edited_by_name = null,
             seq = nextval(pg_get_serial_sequence('person_certifications', 'seq')), updated_at = now()
           where org_id = $1 and id = $9`,
          [...values, r.keep],
        );
      } else {
        await this.sql.query(
          `insert into person_certifications (id, org_id, person, certification, earned_on, expires_on, associated,
             import_id, source_line)
           values ($9, $1, $2, $3, $4, $5, $6, $7, $8)`,
          [...values, randomUUID()],
        );
      }
    }
  }

  /** Removes the rows an import wrote (its undo, before the previous import is applied again). */
  async removeImportedRows(orgId: string): Promise<void> {
    await this.sql.query(
      "delete from person_certifications where org_id = $1 and import_id is not null and edited_at is null",
      [orgId],
    );
  }
}
