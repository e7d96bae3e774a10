-- Several instances (issue 12). Every running server announces itself here and renews the row while it
-- runs, so a server starting can tell which others share this database, and what storage they use.
-- A server that keeps evidence in its own data directory refuses to run beside another unless that
-- directory is declared shared (SPECREADY_STORAGE_SHARED). Not backed up: it is the present, not data.
create table server_instances (
  id text primary key check (id ~ '^[0-9a-f-]{36}$'),
  host text not null,
  pid integer not null,
  -- 'filesystem' (with its folder) or 'azure-blob' (with its account and container, never a secret).
  storage text not null check (storage in ('filesystem', 'azure-blob')),
  storage_location text not null,
  storage_shared boolean not null,
  started_at timestamptz not null default now(),
  seen_at timestamptz not null default now()
);
create index server_instances_seen_at on server_instances (seen_at);

-- Import jobs as every server shows them: the server running one writes its progress and outcome here, so
-- a request reaching another server behind the load balancer sees it, confirms it (that server reads the
-- upload again from the shared store) or cancels it. `request` is how the import was asked for.
create table import_jobs (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  server_id text not null,
  job jsonb not null,
  request jsonb not null,
  cancel_requested boolean not null default false,
  updated_at timestamptz not null default now()
);
create index import_jobs_updated_at on import_jobs (updated_at);
