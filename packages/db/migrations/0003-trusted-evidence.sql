-- Audit readiness a partner can trust: only approved evidence counts, and an approval is tied to the
-- content approved; by default a second person approves; the auditor's results can be withdrawn.

-- Two pairs of eyes. By default the person who produced an item's current content may not approve it; a
-- partner admin may allow it for the organization (a one-person team), and that change is logged.
alter table organizations add column allow_self_approval boolean not null default false;
alter table organizations add column self_approval_changed_by_name text;
alter table organizations add column self_approval_changed_at timestamptz;

-- Who produced the item's current content: its creator, the uploader of its latest revision, or whoever
-- last changed a link's address or a note's text.
alter table evidence_items add column author_id uuid;
alter table evidence_items add column author_name text;

-- The approval in effect: the revision and SHA-256 of what was approved (a link's address or a note's text,
-- hashed as UTF-8, for them: they have no revisions), who approved it, when, and whether it was the author.
-- An item counts for the audit only while this is its current content.
alter table evidence_items add column approved_revision integer check (approved_revision >= 1);
alter table evidence_items add column approved_sha256 text check (approved_sha256 ~ '^[0-9a-f]{64}$');
alter table evidence_items add column approved_by uuid;
alter table evidence_items add column approved_by_name text;
alter table evidence_items add column approved_at timestamptz;
alter table evidence_items add column self_approved boolean not null default false;

-- Every approval of the history says what it approved.
alter table evidence_reviews add column revision integer check (revision >= 1);
alter table evidence_reviews add column sha256 text check (sha256 ~ '^[0-9a-f]{64}$');
alter table evidence_reviews add column self_approved boolean not null default false;

-- A result is withdrawn, never deleted: the history keeps it, marked, and the rules leave it out.
alter table audit_results add column withdrawn_at timestamptz;
alter table audit_results add column withdrawn_by_name text;
alter table audit_results add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000);
-- The findings still open when it was recorded, which the auditor acknowledged.
alter table audit_results add column open_findings integer not null default 0 check (open_findings >= 0);
alter table audit_results add constraint audit_results_withdrawal
  check ((withdrawn_at is null) = (withdrawn_reason is null) and (withdrawn_at is null) = (withdrawn_by_name is null));

-- The authors of what is there: the uploader of a file's latest revision, a link's or note's creator.
update evidence_items e set author_id = v.uploaded_by, author_name = v.uploaded_by_name
from (
  select distinct on (org_id, evidence_id) org_id, evidence_id, uploaded_by, uploaded_by_name
  from evidence_revisions order by org_id, evidence_id, revision desc
) v
where e.kind = 'file' and v.org_id = e.org_id and v.evidence_id = e.id;
update evidence_items set author_id = created_by, author_name = created_by_name where author_name is null;
alter table evidence_items alter column author_name set not null;

-- Items approved before this version stay approved, for what they hold now (a new revision always sent an
-- item back to draft, so that is what was approved), by whoever approved them last.
update evidence_items e set approved_revision = v.revision, approved_sha256 = v.sha256
from (
  select distinct on (org_id, evidence_id) org_id, evidence_id, revision, sha256
  from evidence_revisions order by org_id, evidence_id, revision desc
) v
where e.status = 'approved' and e.kind = 'file' and v.org_id = e.org_id and v.evidence_id = e.id;
update evidence_items
set approved_sha256 = encode(sha256(convert_to(coalesce(url, note), 'UTF8')), 'hex')
where status = 'approved' and kind <> 'file';
update evidence_items e set approved_by = r.actor_id, approved_by_name = r.actor_name, approved_at = r.at,
  self_approved = r.actor_id is not null and r.actor_id = e.author_id
from (
  select distinct on (org_id, evidence_id) org_id, evidence_id, actor_id, actor_name, at
  from evidence_reviews where to_status = 'approved' order by org_id, evidence_id, id desc
) r
where e.status = 'approved' and r.org_id = e.org_id and r.evidence_id = e.id;
-- An approved file without a revision has nothing that was approved: it is a draft again.
update evidence_items set status = 'draft' where status = 'approved' and approved_sha256 is null;
update evidence_items set approved_by_name = 'an earlier version of specready', approved_at = updated_at
where status = 'approved' and approved_by_name is null;

alter table evidence_items add constraint evidence_items_approval check (
  (status = 'approved') = (approved_sha256 is not null)
  and (status = 'approved') = (approved_by_name is not null)
  and (status = 'approved') = (approved_at is not null)
  and ((kind = 'file') = (approved_revision is not null) or status <> 'approved')
);
