-- The audit evidence workspace: the register of customer projects, the evidence items backing the audit's
-- controls (with their file revisions and review history), the practice specialties chosen, the audit plan,
-- and what the auditor records (findings, gap reports, results).
--
-- Every table carries org_id and goes with its organization. A child refers to its parent by
-- (org_id, id), so a row can never point at another organization's project or item, whatever a query
-- forgets. Who did something is kept by name (it stays readable after the account or token is gone) and,
-- where a filter needs it, by id: a user's or an API token's, so no foreign key on it.

create table customer_projects (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  customer_tenant_id text not null check (length(customer_tenant_id) between 1 and 200),
  customer_name text check (length(customer_name) between 1 and 300),
  project text not null check (length(project) between 1 and 300),
  workload text check (length(workload) between 1 and 300),
  ai_services text[] not null default '{}' check (cardinality(ai_services) <= 100),
  completion_date date not null,
  greenfield boolean,
  stage text check (stage in ('production', 'pilot')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id)
);
-- One project of one customer is one row, however its spreadsheet spells the case.
create unique index customer_projects_key on customer_projects (org_id, lower(customer_tenant_id), lower(project));

create table evidence_items (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  kind text not null check (kind in ('file', 'link', 'note')),
  title text not null check (length(title) between 1 and 300),
  artifact_type text not null check (length(artifact_type) between 1 and 200),
  -- A project with evidence is not deleted: the evidence would lose the customer it proves.
  project_id uuid not null,
  -- Only web addresses: the app renders it as a link, and a javascript: URL must never get there.
  url text check (length(url) <= 2000 and url ~* '^https?://[^[:space:]]+$'),
  note text check (length(note) between 1 and 20000),
  status text not null default 'draft' check (status in ('draft', 'ready', 'approved', 'changes_requested')),
  created_by uuid,
  created_by_name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, project_id) references customer_projects (org_id, id) on delete restrict,
  check (kind <> 'link' or url is not null),
  check (kind <> 'note' or note is not null)
);
create index evidence_items_org on evidence_items (org_id, created_at desc);
create index evidence_items_project on evidence_items (org_id, project_id);

create table evidence_controls (
  evidence_id uuid not null,
  org_id uuid not null references organizations (id) on delete cascade,
  control_id text not null check (control_id ~ '^[A-Za-z0-9._-]{1,40}$'),
  primary key (evidence_id, control_id),
  foreign key (org_id, evidence_id) references evidence_items (org_id, id) on delete cascade
);
create index evidence_controls_control on evidence_controls (org_id, control_id);

-- A new upload is a new revision: earlier ones stay, the highest is the current one.
create table evidence_revisions (
  evidence_id uuid not null,
  org_id uuid not null references organizations (id) on delete cascade,
  revision integer not null check (revision >= 1),
  -- Made by the server, never from a user's file name.
  storage_key text not null unique check (length(storage_key) between 1 and 1024),
  file_name text not null check (length(file_name) between 1 and 500),
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  media_type text not null check (length(media_type) between 1 and 255),
  uploaded_by uuid,
  uploaded_by_name text not null,
  uploaded_at timestamptz not null default now(),
  primary key (evidence_id, revision),
  foreign key (org_id, evidence_id) references evidence_items (org_id, id) on delete cascade
);
create index evidence_revisions_org on evidence_revisions (org_id);

create table evidence_reviews (
  id bigserial primary key,
  evidence_id uuid not null,
  org_id uuid not null references organizations (id) on delete cascade,
  from_status text check (from_status in ('draft', 'ready', 'approved', 'changes_requested')),
  to_status text not null check (to_status in ('draft', 'ready', 'approved', 'changes_requested')),
  comment text check (length(comment) <= 5000),
  actor_id uuid,
  actor_name text not null,
  at timestamptz not null default now(),
  foreign key (org_id, evidence_id) references evidence_items (org_id, id) on delete cascade
);
create index evidence_reviews_item on evidence_reviews (evidence_id, id);
create index evidence_reviews_org on evidence_reviews (org_id);

create table control_specialties (
  org_id uuid not null references organizations (id) on delete cascade,
  control_id text not null check (control_id ~ '^[A-Za-z0-9._-]{1,40}$'),
  specialty text not null check (length(specialty) between 1 and 200),
  chosen_by_name text not null,
  chosen_at timestamptz not null default now(),
  primary key (org_id, control_id)
);

create table audit_plans (
  org_id uuid primary key references organizations (id) on delete cascade,
  application_date date,
  audit_date date,
  modules text not null default 'A+B' check (modules in ('B', 'A+B')),
  updated_by_name text not null,
  updated_at timestamptz not null default now()
);

create table audit_findings (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  control_id text not null check (control_id ~ '^[A-Za-z0-9._-]{1,40}$'),
  text text not null check (length(text) between 1 and 5000),
  status text not null default 'open' check (status in ('open', 'resolved')),
  response text check (length(response) <= 5000),
  responded_by_name text,
  responded_at timestamptz,
  created_by_name text not null,
  created_at timestamptz not null default now(),
  resolved_by_name text,
  resolved_at timestamptz,
  check ((status = 'resolved') = (resolved_at is not null))
);
create index audit_findings_org on audit_findings (org_id, created_at);

-- The findings as the auditor issued them: a snapshot, so later answers do not rewrite the report.
create table audit_gap_reports (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  issued_on date not null,
  summary text check (length(summary) <= 20000),
  findings jsonb not null check (jsonb_typeof(findings) = 'array'),
  issued_by_name text not null,
  issued_at timestamptz not null default now()
);
create index audit_gap_reports_org on audit_gap_reports (org_id, issued_on desc);

create table audit_results (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  module text not null check (module in ('A', 'B', 'A+B')),
  result text not null check (result in ('Pass', 'No Pass')),
  date date not null,
  checklist_version text not null check (length(checklist_version) between 1 and 100),
  recorded_by_name text not null,
  recorded_at timestamptz not null default now()
);
create index audit_results_org on audit_results (org_id, date desc);

-- The register starts as each organization's customer-projects import in effect (its latest active one),
-- one row per customer and project (case-insensitive; the last row of the file wins).
-- Stored records were validated when imported; anything that would not fit the checks above is still
-- left out or cut, so no organization's data can stop the upgrade.
insert into customer_projects (id, org_id, customer_tenant_id, customer_name, project, workload, ai_services,
  completion_date, greenfield, stage, created_at, updated_at)
select gen_random_uuid(), org_id, tenant, name, project, workload, ai_services, completion_date, greenfield,
  stage, imported_at, imported_at
from (
  select distinct on (x.org_id, lower(x.tenant), lower(x.project)) x.*
  from (
    select i.org_id, i.created_at as imported_at, e.ord,
      left(btrim(e.r ->> 'customerTenantId'), 200) as tenant,
      left(nullif(btrim(e.r ->> 'customerName'), ''), 300) as name,
      left(btrim(e.r ->> 'project'), 300) as project,
      left(nullif(btrim(e.r ->> 'workload'), ''), 300) as workload,
      case when jsonb_typeof(e.r -> 'aiServices') = 'array'
        then (array(select left(btrim(s), 200) from jsonb_array_elements_text(e.r -> 'aiServices') s
                    where btrim(s) <> ''))[1:100]
        else '{}'::text[] end as ai_services,
      -- Nested cases: a condition joined by "and" may be evaluated in any order, and make_date must
      -- only see a month it accepts. A day past the month's end (2024-02-30) is left out, not an error.
      case when e.r ->> 'completionDate' ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
          and left(e.r ->> 'completionDate', 4) <> '0000'
        then case when to_char(make_date(left(e.r ->> 'completionDate', 4)::int,
                                         substr(e.r ->> 'completionDate', 6, 2)::int, 1)
                               + (right(e.r ->> 'completionDate', 2)::int - 1), 'YYYY-MM-DD') = e.r ->> 'completionDate'
          then (e.r ->> 'completionDate')::date end
      end as completion_date,
      case when jsonb_typeof(e.r -> 'greenfield') = 'boolean' then (e.r ->> 'greenfield')::boolean end as greenfield,
      case when lower(e.r ->> 'stage') in ('production', 'pilot') then lower(e.r ->> 'stage') end as stage
    from (select distinct on (org_id) id, org_id, created_at from imports
          where kind = 'customer-projects' and status = 'active'
          order by org_id, seq desc) i
    join import_records ir on ir.import_id = i.id
    cross join lateral jsonb_array_elements(
      case when jsonb_typeof(ir.records) = 'array' then ir.records else '[]'::jsonb end
    ) with ordinality as e (r, ord)
    where jsonb_typeof(e.r) = 'object'
  ) x
  where x.tenant <> '' and x.project <> '' and x.completion_date is not null
  order by x.org_id, lower(x.tenant), lower(x.project), x.ord desc
) latest;
