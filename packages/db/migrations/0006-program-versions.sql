-- Program versions (issue 11): the readiness check uses the program version in effect on the date unless
-- an organization pins one; an organization may also opt into provisional versions (readings Microsoft
-- has not published), which are never chosen otherwise. Kept on the organization, so backups carry them.
alter table organizations
  add column pinned_program_id text check (pinned_program_id is null or pinned_program_id ~ '^[a-z0-9-]{1,100}$');
alter table organizations add column include_provisional boolean not null default false;

-- The Solutions Partner designation status Partner Center shows is imported like the other inputs.
alter table imports drop constraint imports_kind_check;
alter table imports add constraint imports_kind_check check (kind in
  ('azure-usage', 'certifications', 'capability-score', 'audit-evidence', 'audit-history', 'customer-projects',
   'designation'));
