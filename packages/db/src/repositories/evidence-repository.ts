import type { Sql, SqlValue } from "../sql.js";

export const evidenceKinds = ["file", "link", "note"] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

export const evidenceStatuses = ["draft", "ready", "approved", "changes_requested"] as const;
export type EvidenceStatus = (typeof evidenceStatuses)[number];

/** One uploaded version of a file item. The highest revision is the current one; earlier ones stay. */
export interface EvidenceRevision {
  readonly evidenceId: string;
  readonly revision: number;
  /** Where the evidence store keeps the bytes; made by the server, never from the file name. */
  readonly storageKey: string;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly mediaType: string;
  /** The name of who uploaded it, as shown. */
  readonly uploadedBy: string;
  /** The user's id (null for an API token or an account since removed). */
  readonly uploadedById: string | null;
  readonly uploadedAt: string;
}

/**
 * The approval in effect on an item: what was approved (a file's revision and its SHA-256; for a link or
 * a note, which have no revisions, the SHA-256 of its address or text as UTF-8), by whom and when, and
 * whether the approver had produced that content themselves (allowed only when the organization lets a
 * person approve their own evidence).
 */
export interface EvidenceApproval {
  /** Null for a link or a note. */
  readonly revision: number | null;
  readonly sha256: string;
  /** The approver's name, as shown. */
  readonly by: string;
  readonly byId: string | null;
  readonly at: string;
  readonly selfApproved: boolean;
}

/** The project an item proves, as the evidence list shows it. */
export interface EvidenceProject {
  readonly id: string;
  readonly customerTenantId: string;
  readonly customerName: string | null;
  readonly project: string;
  /** `YYYY-MM-DD`. */
  readonly completionDate: string;
}

/** An evidence item as the workspace lists it. */
export interface EvidenceItem {
  readonly id: string;
  readonly kind: EvidenceKind;
  readonly title: string;
  readonly artifactType: string;
  readonly project: EvidenceProject;
  readonly url: string | null;
  readonly note: string | null;
  readonly status: EvidenceStatus;
  /** Control ids (`A1.1`), sorted. */
  readonly controls: readonly string[];
  /** The name of who added it, as shown. */
  readonly createdBy: string;
  /** The user's id, for "my evidence" (null for an API token). */
  readonly createdById: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The highest revision (file items), or null. */
  readonly currentRevision: EvidenceRevision | null;
  readonly revisionCount: number;
  /** While changes are requested: what the reviewer asked for (the comment of that review), else null. */
  readonly lastComment: string | null;
  /**
   * Who produced the content as it is now: the uploader of the latest revision, or whoever created or
   * last changed a link's address or a note's text. By default they may not approve it.
   */
  readonly authorName: string;
  readonly authorId: string | null;
  /** The approval in effect while the item is approved, else null. */
  readonly approval: EvidenceApproval | null;
  /** The SHA-256 of the content as it is now (see `EvidenceForReadiness`). */
  readonly contentSha256: string | null;
}

/** An item as the readiness rules and the binder read it: no names or times they do not use. */
export interface EvidenceForReadiness {
  readonly id: string;
  readonly kind: EvidenceKind;
  readonly title: string;
  readonly artifactType: string;
  readonly projectId: string;
  readonly url: string | null;
  readonly note: string | null;
  readonly status: EvidenceStatus;
  readonly controls: readonly string[];
  readonly currentRevision: EvidenceRevision | null;
  /**
   * The SHA-256 of the content as it is now: the current revision's, or a link's address or a note's
   * text as UTF-8; null for a file without a revision. An item counts only while its approval is of this.
   */
  readonly contentSha256: string | null;
  readonly authorName: string;
  readonly approval: EvidenceApproval | null;
}

/** One change of an item's review status, with what the reviewer said. */
export interface EvidenceReview {
  readonly id: number;
  /** Null when the item had no status before (`setStatus` always records one). */
  readonly fromStatus: EvidenceStatus | null;
  readonly toStatus: EvidenceStatus;
  readonly comment: string | null;
  /** The reviewer's name, as shown. */
  readonly actor: string;
  readonly actorId: string | null;
  readonly at: string;
  /** For an approval: the revision approved (null for a link or a note) and the SHA-256 of what was approved. */
  readonly revision: number | null;
  readonly sha256: string | null;
  /** For an approval: the approver had produced the content themselves. */
  readonly selfApproved: boolean;
}

export interface NewEvidence {
  readonly id: string;
  readonly kind: EvidenceKind;
  readonly title: string;
  readonly artifactType: string;
  readonly projectId: string;
  readonly url?: string | null | undefined;
  readonly note?: string | null | undefined;
  readonly controls: readonly string[];
  /** The user's id (null for an API token); read back as `createdById`, the name as `createdBy`. */
  readonly createdBy: string | null;
  readonly createdByName: string;
}

/** A change of an item: a field left out stays; `controls` replaces the set; null clears url or note. */
export interface EvidencePatch {
  readonly title?: string | undefined;
  readonly artifactType?: string | undefined;
  readonly projectId?: string | undefined;
  readonly url?: string | null | undefined;
  readonly note?: string | null | undefined;
  readonly controls?: readonly string[] | undefined;
  /** Who now produced the content (a new address or text): the item's author from now on. */
  readonly author?: { readonly id: string | null; readonly name: string } | undefined;
}

export interface NewEvidenceRevision {
  readonly evidenceId: string;
  readonly storageKey: string;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly mediaType: string;
  /** The user's id (null for an API token); read back as `uploadedById`, the name as `uploadedBy`. */
  readonly uploadedBy: string | null;
  readonly uploadedByName: string;
}

export interface EvidenceFilter {
  readonly control?: string | undefined;
  readonly status?: EvidenceStatus | undefined;
  /** A user's id: "my evidence". */
  readonly createdBy?: string | undefined;
  readonly projectId?: string | undefined;
}

/** The columns of a revision, its table aliased `v`, named as in `EvidenceRevision`. */
const REVISION = `v.evidence_id as "evidenceId", v.revision, v.storage_key as "storageKey", v.file_name as "fileName",
  v.size, v.sha256, v.media_type as "mediaType", v.uploaded_by_name as "uploadedBy", v.uploaded_by as "uploadedById",
  v.uploaded_at as "uploadedAt"`;

type RevisionRow = { -readonly [K in keyof EvidenceRevision]: EvidenceRevision[K] };

/**
 * The current revision of item `e`, the revision columns prefixed `r_` (a left join: all null for an item
 * without one), and its sorted controls: what every read of items shares, so none reads per item.
 * Control ids sort byte-wise, so both backends (whatever their collation) give one order.
 */
const CONTROLS_AND_CURRENT = `
  array(select c.control_id from evidence_controls c where c.org_id = e.org_id and c.evidence_id = e.id
        order by c.control_id collate "C") as controls,
  cur.revision as "r_revision", cur.storage_key as "r_storageKey", cur.file_name as "r_fileName",
  cur.size as "r_size", cur.sha256 as "r_sha256", cur.media_type as "r_mediaType",
  cur.uploaded_by_name as "r_uploadedBy", cur.uploaded_by as "r_uploadedById", cur.uploaded_at as "r_uploadedAt"`;
const CURRENT_JOIN = `left join lateral (
    select * from evidence_revisions v where v.org_id = e.org_id and v.evidence_id = e.id
    order by v.revision desc limit 1) cur on true`;

type CurrentColumns = {
  [K in keyof RevisionRow as K extends "evidenceId" ? never : `r_${K}`]: RevisionRow[K] | null;
};

function currentOf(id: string, row: CurrentColumns): EvidenceRevision | null {
  if (row.r_revision === null) return null;
  return {
    evidenceId: id,
    revision: row.r_revision,
    storageKey: row.r_storageKey as string,
    fileName: row.r_fileName as string,
    size: row.r_size as number,
    sha256: row.r_sha256 as string,
    mediaType: row.r_mediaType as string,
    uploadedBy: row.r_uploadedBy as string,
    uploadedById: row.r_uploadedById,
    uploadedAt: row.r_uploadedAt as string,
  };
}

type ItemRow = CurrentColumns & {
  id: string;
  kind: EvidenceKind;
  title: string;
  artifactType: string;
  url: string | null;
  note: string | null;
  status: EvidenceStatus;
  controls: string[];
  createdBy: string;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  projectId: string;
  customerTenantId: string;
  customerName: string | null;
  project: string;
  completionDate: string;
  revisionCount: number;
  lastComment: string | null;
  contentSha256: string | null;
} & AuthorAndApprovalColumns;

/** The author and approval columns of item `e`, named as `AuthorAndApprovalColumns`. */
const AUTHOR_AND_APPROVAL = `e.author_name as "authorName", e.author_id as "authorId",
  e.approved_revision as "a_revision", e.approved_sha256 as "a_sha256", e.approved_by_name as "a_by",
  e.approved_by as "a_byId", e.approved_at as "a_at", e.self_approved as "a_selfApproved"`;

/** The SHA-256 of item `e`'s content as it is now (`cur`: its current revision). */
const CONTENT_SHA256 = `case when e.kind = 'file' then cur.sha256
  else encode(sha256(convert_to(coalesce(e.url, e.note), 'UTF8')), 'hex') end`;

type AuthorAndApprovalColumns = {
  authorName: string;
  authorId: string | null;
  a_revision: number | null;
  a_sha256: string | null;
  a_by: string | null;
  a_byId: string | null;
  a_at: string | null;
  a_selfApproved: boolean;
};

function approvalOf(row: AuthorAndApprovalColumns): EvidenceApproval | null {
  if (row.a_sha256 === null) return null;
  return {
    revision: row.a_revision,
    sha256: row.a_sha256,
    by: row.a_by as string,
    byId: row.a_byId,
    at: row.a_at as string,
    selfApproved: row.a_selfApproved,
  };
}

const ITEM = `select e.id, e.kind, e.title, e.artifact_type as "artifactType", e.url, e.note, e.status,
    e.created_by_name as "createdBy", e.created_by as "createdById", e.created_at as "createdAt",
    e.updated_at as "updatedAt", p.id as "projectId", p.customer_tenant_id as "customerTenantId",
    p.customer_name as "customerName", p.project, p.completion_date as "completionDate",
    (select count(*) from evidence_revisions n where n.org_id = e.org_id and n.evidence_id = e.id) as "revisionCount",
    case when e.status = 'changes_requested' then
      (select w.comment from evidence_reviews w where w.org_id = e.org_id and w.evidence_id = e.id
       order by w.id desc limit 1) end as "lastComment",
    ${CONTENT_SHA256} as "contentSha256",
    ${AUTHOR_AND_APPROVAL},
    ${CONTROLS_AND_CURRENT}
  from evidence_items e
  join customer_projects p on p.org_id = e.org_id and p.id = e.project_id
  ${CURRENT_JOIN}`;

const presentItem = (r: ItemRow): EvidenceItem => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  artifactType: r.artifactType,
  project: {
    id: r.projectId,
    customerTenantId: r.customerTenantId,
    customerName: r.customerName,
    project: r.project,
    completionDate: r.completionDate,
  },
  url: r.url,
  note: r.note,
  status: r.status,
  controls: r.controls,
  createdBy: r.createdBy,
  createdById: r.createdById,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  currentRevision: currentOf(r.id, r),
  revisionCount: r.revisionCount,
  lastComment: r.lastComment,
  authorName: r.authorName,
  authorId: r.authorId,
  approval: approvalOf(r),
  contentSha256: r.contentSha256,
});

/**
 * The evidence register: items (a file, a link or a note) filed under a customer project and linked to
 * audit controls, the revisions of file items, and their review history. The files themselves are in
 * the evidence store; this holds their keys, so deleting returns the keys for the caller to remove once
 * the transaction has committed.
 */
export class EvidenceRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * The new item. Its project must be one of the organization's: another organization's project id
   * fails on the (org_id, project_id) foreign key (`isForeignKeyViolation`), which the server prevents
   * by looking the project up first.
   */
  async create(orgId: string, e: NewEvidence): Promise<EvidenceItem> {
    return this.sql.transaction(async (tx) => {
      await tx.query(
        `insert into evidence_items (id, org_id, kind, title, artifact_type, project_id, url, note, created_by,
           created_by_name, author_id, author_name)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $10)`,
        [
          e.id,
          orgId,
          e.kind,
          e.title.trim(),
          e.artifactType,
          e.projectId,
          e.url ?? null,
          e.note ?? null,
          e.createdBy,
          e.createdByName,
        ],
      );
      await setControls(tx, orgId, e.id, e.controls);
      return (await new EvidenceRepository(tx).get(orgId, e.id)) as EvidenceItem;
    });
  }

  /** Null when the organization has no such item. */
  async get(orgId: string, id: string): Promise<EvidenceItem | null> {
    const [row] = await this.sql.query<ItemRow>(`${ITEM} where e.org_id = $1 and e.id = $2`, [orgId, id]);
    return row === undefined ? null : presentItem(row);
  }

  /** Newest first. */
  async list(orgId: string, filter: EvidenceFilter = {}): Promise<EvidenceItem[]> {
    const where = ["e.org_id = $1"];
    const params: SqlValue[] = [orgId];
    const add = (clause: string, value: string) => {
      params.push(value);
      where.push(clause.replaceAll("?", `$${params.length}`));
    };
    if (filter.control !== undefined)
      add(
        "exists (select 1 from evidence_controls f where f.org_id = $1 and f.evidence_id = e.id and f.control_id = ?)",
        filter.control,
      );
    if (filter.status !== undefined) add("e.status = ?", filter.status);
    if (filter.createdBy !== undefined) add("e.created_by = ?", filter.createdBy);
    if (filter.projectId !== undefined) add("e.project_id = ?", filter.projectId);
    const rows = await this.sql.query<ItemRow>(
      `${ITEM} where ${where.join(" and ")} order by e.created_at desc, e.id desc`,
      params,
    );
    return rows.map(presentItem);
  }

  /**
   * The changed item, or null when the organization has no such item. `controls` replaces the set.
   * A project id outside the organization fails on the foreign key, as in `create`.
   */
  async update(orgId: string, id: string, patch: EvidencePatch): Promise<EvidenceItem | null> {
    return this.sql.transaction(async (tx) => {
      const params: SqlValue[] = [orgId, id];
      const set = ["updated_at = now()"];
      const assign = (column: string, value: SqlValue | undefined) => {
        if (value === undefined) return;
        params.push(value);
        set.push(`${column} = $${params.length}`);
      };
      assign("title", patch.title?.trim());
      assign("artifact_type", patch.artifactType);
      assign("project_id", patch.projectId);
      assign("url", patch.url);
      assign("note", patch.note);
      if (patch.author !== undefined) {
        assign("author_name", patch.author.name);
        params.push(patch.author.id);
        set.push(`author_id = $${params.length}::uuid`);
      }
      // Updating the row first locks it: two edits of one item's controls apply one after the other.
      const rows = await tx.query(
        `update evidence_items set ${set.join(", ")} where org_id = $1 and id = $2 returning id`,
        params,
      );
      if (rows.length === 0) return null;
      if (patch.controls !== undefined) await setControls(tx, orgId, id, patch.controls);
      return new EvidenceRepository(tx).get(orgId, id);
    });
  }

  /**
   * Deletes the item with its controls, revisions and reviews; returns the storage keys of its revisions
   * (for the caller to delete from the store after commit), or null when there was no such item.
   * The item is locked first, so a revision being added at the same time is either listed or refused.
   */
  async delete(orgId: string, id: string): Promise<string[] | null> {
    return this.sql.transaction(async (tx) => {
      const found = await tx.query("select id from evidence_items where org_id = $1 and id = $2 for update", [
        orgId,
        id,
      ]);
      if (found.length === 0) return null;
      const keys = await tx.query<{ storageKey: string }>(
        `select storage_key as "storageKey" from evidence_revisions where org_id = $1 and evidence_id = $2
         order by revision`,
        [orgId, id],
      );
      await tx.query("delete from evidence_items where org_id = $1 and id = $2", [orgId, id]);
      return keys.map((k) => k.storageKey);
    });
  }

  /** Oldest first. */
  async listRevisions(orgId: string, id: string): Promise<EvidenceRevision[]> {
    return this.sql.query<RevisionRow>(
      `select ${REVISION} from evidence_revisions v where v.org_id = $1 and v.evidence_id = $2 order by v.revision`,
      [orgId, id],
    );
  }

  /** Null when the organization has no such item or the item no such revision. */
  async getRevision(orgId: string, id: string, revision: number): Promise<EvidenceRevision | null> {
    const [row] = await this.sql.query<RevisionRow>(
      `select ${REVISION} from evidence_revisions v where v.org_id = $1 and v.evidence_id = $2 and v.revision = $3`,
      [orgId, id, revision],
    );
    return row ?? null;
  }

  /**
   * Adds the next revision of a file item (1 for the first) and returns it; null when the
   * organization has no file item with this id. Two uploads at once get consecutive numbers: the item's
   * row is locked (and its `updatedAt` moved) before the highest revision is read, in a statement of its
   * own, so the second upload reads the first one's revision once it has committed.
   */
  async addRevision(orgId: string, r: NewEvidenceRevision): Promise<EvidenceRevision | null> {
    return this.sql.transaction(async (tx) => {
      // The uploader is the author of what the item holds from now on.
      const item = await tx.query(
        `update evidence_items set updated_at = now(), author_id = $3::uuid, author_name = $4
         where org_id = $1 and id = $2 and kind = 'file' returning id`,
        [orgId, r.evidenceId, r.uploadedBy, r.uploadedByName],
      );
      if (item.length === 0) return null;
      const [row] = await tx.query<RevisionRow>(
        `insert into evidence_revisions as v (evidence_id, org_id, revision, storage_key, file_name, size, sha256,
           media_type, uploaded_by, uploaded_by_name)
         select $2, $1, coalesce(max(revision), 0) + 1, $3, $4, $5, $6, $7, $8, $9
         from evidence_revisions where org_id = $1 and evidence_id = $2
         returning ${REVISION}`,
        [
          orgId,
          r.evidenceId,
          r.storageKey,
          r.fileName,
          r.size,
          r.sha256,
          r.mediaType,
          r.uploadedBy,
          r.uploadedByName,
        ],
      );
      return row as RevisionRow;
    });
  }

  /**
   * Moves an item from status `from` to `to` (any status but approved: see `approve`) and records the
   * review, in one statement; leaving approved ends the approval. False (and nothing recorded) when the
   * item is not in `from` any more, e.g. another reviewer was quicker, or when the organization has no
   * such item.
   */
  async setStatus(
    orgId: string,
    id: string,
    from: EvidenceStatus,
    to: Exclude<EvidenceStatus, "approved">,
    review: { comment: string | null; actorId: string | null; actorName: string },
  ): Promise<boolean> {
    const rows = await this.sql.query(
      `with changed as (
         update evidence_items set status = $4, updated_at = now(), approved_revision = null,
           approved_sha256 = null, approved_by = null, approved_by_name = null, approved_at = null,
           self_approved = false
         where org_id = $1 and id = $2 and status = $3 returning id)
       insert into evidence_reviews (evidence_id, org_id, from_status, to_status, comment, actor_id, actor_name)
       select id, $1, $3, $4, $5, $6, $7 from changed
       returning id`,
      [orgId, id, from, to, review.comment, review.actorId, review.actorName],
    );
    return rows.length > 0;
  }

  /**
   * Approves an item waiting for review (`ready`) for its content as it is at this moment: the current
   * revision and its SHA-256 (a link's address or a note's text, hashed), recorded on the item and in its
   * review history, in one statement. False (nothing recorded) when the item is not ready any more, or
   * `revision` is given and is not its current revision (a newer one came in), or it is a file without a
   * revision. Whether the approver may approve their own content is the caller's rule; `selfApproved`
   * records that they did.
   */
  async approve(
    orgId: string,
    id: string,
    review: {
      comment: string | null;
      actorId: string | null;
      actorName: string;
      revision?: number | undefined;
      selfApproved: boolean;
    },
  ): Promise<boolean> {
    const rows = await this.sql.query(
      `with content as (
         select e.id, ${CONTENT_SHA256} as sha256, case when e.kind = 'file' then cur.revision end as revision
         from evidence_items e ${CURRENT_JOIN}
         where e.org_id = $1 and e.id = $2),
       changed as (
         update evidence_items e set status = 'approved', updated_at = now(),
           approved_revision = content.revision, approved_sha256 = content.sha256, approved_by = $4,
           approved_by_name = $5, approved_at = now(), self_approved = $7
         from content
         where e.org_id = $1 and e.id = content.id and e.status = 'ready' and content.sha256 is not null
           and ($6::int is null or content.revision = $6::int)
         returning e.id, e.approved_revision, e.approved_sha256)
       insert into evidence_reviews (evidence_id, org_id, from_status, to_status, comment, actor_id, actor_name,
         revision, sha256, self_approved)
       select id, $1, 'ready', 'approved', $3, $4, $5, approved_revision, approved_sha256, $7 from changed
       returning id`,
      [
        orgId,
        id,
        review.comment,
        review.actorId,
        review.actorName,
        review.revision ?? null,
        review.selfApproved,
      ],
    );
    return rows.length > 0;
  }

  /** In the order they happened (by id: clocks of two servers, or a coarse one, could tie or disagree). */
  async reviews(orgId: string, id: string): Promise<EvidenceReview[]> {
    return this.sql.query<EvidenceReview>(
      `select id, from_status as "fromStatus", to_status as "toStatus", comment, actor_name as "actor",
         actor_id as "actorId", at, revision, sha256, self_approved as "selfApproved"
       from evidence_reviews where org_id = $1 and evidence_id = $2 order by id`,
      [orgId, id],
    );
  }

  /**
   * Every item of the organization with its controls and current revision, in one read whatever their
   * number: what the readiness rules and the binder need. Oldest first (ties by id), a stable order.
   */
  async forReadiness(orgId: string): Promise<EvidenceForReadiness[]> {
    const rows = await this.sql.query<
      CurrentColumns &
        AuthorAndApprovalColumns & {
          id: string;
          kind: EvidenceKind;
          title: string;
          artifactType: string;
          projectId: string;
          url: string | null;
          note: string | null;
          status: EvidenceStatus;
          controls: string[];
          contentSha256: string | null;
        }
    >(
      `select e.id, e.kind, e.title, e.artifact_type as "artifactType", e.project_id as "projectId", e.url, e.note,
         e.status, ${CONTENT_SHA256} as "contentSha256", ${AUTHOR_AND_APPROVAL}, ${CONTROLS_AND_CURRENT}
       from evidence_items e ${CURRENT_JOIN}
       where e.org_id = $1 order by e.created_at, e.id`,
      [orgId],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      artifactType: r.artifactType,
      projectId: r.projectId,
      url: r.url,
      note: r.note,
      status: r.status,
      controls: r.controls,
      currentRevision: currentOf(r.id, r),
      contentSha256: r.contentSha256,
      authorName: r.authorName,
      approval: approvalOf(r),
    }));
  }

  /** How many items the organization has (`forReadiness` gives them all). */
  async count(orgId: string): Promise<number> {
    const [row] = await this.sql.query<{ count: number }>(
      "select count(*)::int as count from evidence_items where org_id = $1",
      [orgId],
    );
    return Number(row?.count ?? 0);
  }

  /** The storage keys of every revision of every organization: what the evidence store should hold. */
  async allStorageKeys(): Promise<string[]> {
    const rows = await this.sql.query<{ storageKey: string }>(
      `select storage_key as "storageKey" from evidence_revisions order by storage_key`,
    );
    return rows.map((r) => r.storageKey);
  }
}

/** Makes an item's controls exactly `controls` (duplicates ignored). */
async function setControls(tx: Sql, orgId: string, id: string, controls: readonly string[]): Promise<void> {
  const wanted = [...new Set(controls)];
  await tx.query(
    "delete from evidence_controls where org_id = $1 and evidence_id = $2 and not (control_id = any($3::text[]))",
    [orgId, id, wanted],
  );
  await tx.query(
    `insert into evidence_controls (evidence_id, org_id, control_id)
     select $2, $1, c from unnest($3::text[]) c
     on conflict (evidence_id, control_id) do nothing`,
    [orgId, id, wanted],
  );
}
