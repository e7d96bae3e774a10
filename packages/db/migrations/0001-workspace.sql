-- The workspace: organizations, accounts and roles, sessions, API tokens, imports and the activity log.
-- Every table that holds an organization's data carries org_id, and every repository query filters on it.

create table organizations (
  id uuid primary key,
  name text not null check (length(name) between 1 and 200),
  -- Bumped by every change to the data the evaluation reads; caches key on it.
  data_version bigint not null default 0,
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  email text not null check (position('@' in email) > 1),
  name text not null check (length(name) between 1 and 200),
  password_hash text not null,
  created_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table memberships (
  org_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('partner_admin', 'contributor', 'auditor', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user on memberships (user_id);

-- Only a hash of the session id is stored: a copy of the database does not sign anyone in.
create table sessions (
  id_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);

create table invitations (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  email text not null,
  role text not null check (role in ('partner_admin', 'contributor', 'auditor', 'viewer')),
  token_hash text not null unique,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users (id) on delete set null,
  withdrawn_at timestamptz
);
create index invitations_org on invitations (org_id);

create table api_tokens (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  role text not null check (role in ('contributor', 'auditor', 'viewer')),
  token_hash text not null unique,
  -- The first characters of the secret, so a person can tell tokens apart without the secret.
  prefix text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_org on api_tokens (org_id);

create table imports (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  -- Orders imports within an organization: the latest active import of a kind (or of a month) wins.
  seq bigserial not null unique,
  kind text not null check (kind in
    ('azure-usage', 'certifications', 'capability-score', 'audit-evidence', 'audit-history', 'customer-projects')),
  file_name text not null,
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  rows integer not null check (rows >= 0),
  months text[] not null default '{}',
  program_id text not null,
  mapping jsonb not null default '{}',
  warnings jsonb not null default '[]',
  status text not null default 'active' check (status in ('active', 'reverted')),
  created_by_user uuid references users (id) on delete set null,
  created_by_token uuid references api_tokens (id) on delete set null,
  created_by_name text not null,
  created_at timestamptz not null default now(),
  reverted_at timestamptz
);
create index imports_org_kind on imports (org_id, kind, seq desc);

-- Usage is kept as one summary per month (customers x amounts, counters), not as raw rows: a file of
-- millions of rows becomes a few kilobytes per month, and re-importing a month replaces exactly it.
create table import_usage_months (
  import_id uuid not null references imports (id) on delete cascade,
  org_id uuid not null references organizations (id) on delete cascade,
  month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  summary jsonb not null,
  primary key (import_id, month)
);
create index import_usage_months_org on import_usage_months (org_id, month);

-- The records of every other kind of file, as read (with their source file and line).
create table import_records (
  import_id uuid primary key references imports (id) on delete cascade,
  org_id uuid not null references organizations (id) on delete cascade,
  records jsonb not null
);

create table column_mappings (
  org_id uuid not null references organizations (id) on delete cascade,
  kind text not null,
  mapping jsonb not null,
  updated_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (org_id, kind)
);

create table applications (
  org_id uuid primary key references organizations (id) on delete cascade,
  submitted_on date not null,
  reference text,
  recorded_by uuid references users (id) on delete set null,
  recorded_by_name text not null,
  recorded_at timestamptz not null default now()
);

create table activity (
  id bigserial primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  at timestamptz not null default now(),
  actor_kind text not null check (actor_kind in ('user', 'token', 'system')),
  actor_id uuid,
  actor_name text not null,
  action text not null,
  summary text not null,
  details jsonb not null default '{}'
);
create index activity_org on activity (org_id, id desc);

-- Files uploaded for import, waiting for the user to confirm the column mapping. The file itself is
-- under the data directory, named by the upload's id (never by the user's file name).
create table uploads (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  kind text not null,
  file_name text not null,
  size bigint not null,
  sha256 text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index uploads_org on uploads (org_id);
