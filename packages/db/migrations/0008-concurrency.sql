-- No lost update (issue 10). Every row a person edits carries a version that goes up by one on every
-- change, whichever code path makes it: the API answers it as an ETag and refuses an If-Match that is no
-- longer current (412), so an edit based on what someone else has since changed is never applied.
-- A trigger keeps the count: no repository can forget it.
create function specready_next_version() returns trigger language plpgsql as $$
begin
  new.version := old.version + 1;
  return new;
end
$$;

alter table evidence_items add column version integer not null default 1;
create trigger evidence_items_version before update on evidence_items
  for each row execute function specready_next_version();

alter table customer_projects add column version integer not null default 1;
create trigger customer_projects_version before update on customer_projects
  for each row execute function specready_next_version();

alter table audit_plans add column version integer not null default 1;
create trigger audit_plans_version before update on audit_plans
  for each row execute function specready_next_version();

alter table audit_findings add column version integer not null default 1;
create trigger audit_findings_version before update on audit_findings
  for each row execute function specready_next_version();

alter table audit_results add column version integer not null default 1;
create trigger audit_results_version before update on audit_results
  for each row execute function specready_next_version();

alter table memberships add column version integer not null default 1;
create trigger memberships_version before update on memberships
  for each row execute function specready_next_version();

-- The organization's settings (review policy, program version settings): their own count, since the row's
-- data version goes up with every change of the organization's data.
alter table organizations add column settings_version integer not null default 1;
create function specready_next_settings_version() returns trigger language plpgsql as $$
begin
  if new.allow_self_approval is distinct from old.allow_self_approval
     or new.pinned_program_id is distinct from old.pinned_program_id
     or new.include_provisional is distinct from old.include_provisional then
    new.settings_version := old.settings_version + 1;
  end if;
  return new;
end
$$;
create trigger organizations_settings_version before update on organizations
  for each row execute function specready_next_settings_version();
