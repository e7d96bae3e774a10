-- Saved plans (issue 14): a partner admin saves a planning scenario under a name: the audit date it plans
-- for and its what-ifs (ACR what-ifs, certifications someone earns). The plan itself (reference
-- allocation, forecast, certification plan) is computed from the data when read, so a saved plan follows
-- new imports. One plan of an organization may be active: the dashboard shows its next actions.
create table saved_plans (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  audit_date date not null,
  scenario jsonb not null check (jsonb_typeof(scenario) = 'object' and length(scenario::text) <= 200000),
  active boolean not null default false,
  created_by_name text not null,
  updated_by_name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id)
);
-- A name is one plan, however it is spelled.
create unique index saved_plans_name on saved_plans (org_id, lower(name));
create unique index saved_plans_active on saved_plans (org_id) where active;
