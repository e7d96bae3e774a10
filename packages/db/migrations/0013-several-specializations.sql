-- Several specializations in one workspace (issue 16): an organization chooses the specializations it
-- pursues (existing organizations: the AI Platform only, what they had), and the same usage import feeds
-- them all. The AI Platform's per-month summaries stay in import_usage_months; a program with performance
-- sub-rules keeps its own per-month summary (the sums of each sub-rule's filter, computed by the core at
-- import time) beside them, keyed by the program version whose filters made it. Usage imported before a
-- specialization was pursued has no such summary: the evaluation says to import it again, never zero.
alter table organizations
  add column specializations text[] not null default array['ai-platform-azure']
  check (cardinality(specializations) between 1 and 20
         and array_position(specializations, null) is null);

create table import_usage_program_months (
  import_id uuid not null references imports (id) on delete cascade,
  org_id uuid not null references organizations (id) on delete cascade,
  program_id text not null check (program_id ~ '^[a-z0-9-]{1,100}$'),
  month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  summary jsonb not null,
  primary key (import_id, program_id, month)
);
create index import_usage_program_months_org on import_usage_program_months (org_id, program_id, month);

-- The specializations pursued are one of the organization's settings: a change bumps their version, so a
-- change made over an older view of them (If-Match) is refused as stale.
create or replace function specready_next_settings_version() returns trigger language plpgsql as $$
begin
  if new.allow_self_approval is distinct from old.allow_self_approval
     or new.pinned_program_id is distinct from old.pinned_program_id
     or new.include_provisional is distinct from old.include_provisional
     or new.specializations is distinct from old.specializations then
    new.settings_version := old.settings_version + 1;
  end if;
  return new;
end
$$;
