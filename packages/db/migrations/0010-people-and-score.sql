-- People, their certifications and the partner capability score, kept in the workspace (issue 18).
-- These are THE stored records of the two inputs: the forms write them, and an import of a
-- certifications or capability-score file becomes a change of them (its rows are still kept in
-- import_records, so an import that nothing changed since reads exactly as it did before).

-- A certified individual, known by the PersonId Partner Center shows (an e-mail or an MPN individual id).
create table people (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  person_id text not null check (length(person_id) between 1 and 320),
  name text check (name is null or length(name) <= 200),
  -- Set when a person changed the record in the workspace (not an import).
  edited_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One record per person whatever the case of the id, as the rules count individuals.
create unique index people_key on people (org_id, lower(person_id));

-- One certification row of a person. Rows that repeat each other are kept (as a file's repeated rows).
create table person_certifications (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  person uuid not null references people (id) on delete cascade,
  -- Orders the rows: an import's in file order, then those added in the workspace.
  seq bigserial not null,
  certification text not null check (length(certification) between 1 and 200),
  earned_on date,
  expires_on date,
  associated boolean,
  -- The import that last wrote the row and its line there; null for a row added in the workspace.
  import_id uuid references imports (id) on delete set null,
  source_line integer,
  -- Set when a person added or changed the row in the workspace after the import that wrote it: the
  -- next import that would change or remove it shows it as a conflict instead of overwriting it.
  edited_at timestamptz,
  edited_by_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index person_certifications_org on person_certifications (org_id, person);

-- The capability score as Partner Center showed it on a date: one entry per solution area typed in a
-- form, or one entry per import (its rows in import_records, every area of the file). Entries are kept:
-- they are the score's history.
create table capability_score_entries (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  seq bigserial not null,
  shown_on date not null,
  solution_area text check (solution_area is null or length(solution_area) <= 200),
  -- Metric name -> points as decimal text.
  points jsonb not null default '{}',
  import_id uuid references imports (id) on delete cascade,
  created_by_name text not null,
  created_at timestamptz not null default now(),
  check ((import_id is null) = (solution_area is not null))
);
create index capability_score_entries_org on capability_score_entries (org_id, shown_on, seq);

-- What was imported before this migration becomes the first records: every capability-score import is
-- an entry of the history (shown on the day it was imported), and the certifications of the latest
-- active import become the people records, in file order, as that import's rows.
insert into capability_score_entries (id, org_id, shown_on, import_id, created_by_name, created_at)
select gen_random_uuid(), i.org_id, (i.created_at at time zone 'UTC')::date, i.id, i.created_by_name, i.created_at
from imports i where i.kind = 'capability-score' order by i.seq;

insert into people (id, org_id, person_id, name)
select distinct on (l.org_id, lower(trim(e.r ->> 'personId')))
  gen_random_uuid(), l.org_id, trim(e.r ->> 'personId'), nullif(trim(e.r ->> 'personName'), '')
from (select distinct on (org_id) id, org_id from imports
      where kind = 'certifications' and status = 'active' order by org_id, seq desc) l
join import_records ir on ir.import_id = l.id,
  jsonb_array_elements(ir.records) with ordinality as e (r, ord)
order by l.org_id, lower(trim(e.r ->> 'personId')), e.ord;

insert into person_certifications (id, org_id, person, certification, earned_on, expires_on, associated, import_id,
  source_line)
select gen_random_uuid(), l.org_id, p.id, e.r ->> 'certification', (e.r ->> 'earnedDate')::date,
  (e.r ->> 'expirationDate')::date, (e.r ->> 'associated')::boolean, l.id, (e.r -> 'source' ->> 'line')::integer
from (select distinct on (org_id) id, org_id from imports
      where kind = 'certifications' and status = 'active' order by org_id, seq desc) l
join import_records ir on ir.import_id = l.id
cross join lateral jsonb_array_elements(ir.records) with ordinality as e (r, ord)
join people p on p.org_id = l.org_id and lower(p.person_id) = lower(trim(e.r ->> 'personId'))
order by l.org_id, e.ord;
