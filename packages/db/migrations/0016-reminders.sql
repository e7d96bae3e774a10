-- Reminders and the weekly digest (issue 13, item 3).

-- Each member's switches: the kinds they turned off (see REMINDER_KINDS in packages/core) and the digest.
-- A member without a row gets every kind and the digest.
create table reminder_preferences (
  org_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  disabled_kinds text[] not null default '{}' check (cardinality(disabled_kinds) <= 20),
  digest boolean not null default true,
  updated_at timestamptz not null default now(),
  primary key (org_id, user_id)
);

-- The organization's settings: how long evidence may wait for review, and its Microsoft Teams channel
-- (an incoming webhook URL: a secret, answered masked and never logged).
create table reminder_settings (
  org_id uuid primary key references organizations (id) on delete cascade,
  review_wait_days integer not null default 5 check (review_wait_days between 1 and 90),
  teams_webhook_url text check (length(teams_webhook_url) between 1 and 2000),
  updated_at timestamptz not null default now()
);

-- The outbox: one row per message ever to send. `dedupe_key` (channel, recipient and the reminder's key)
-- is unique, so a reminder computed again (the next tick, another server, after a restart) is inserted
-- once ever. Senders claim due rows with FOR UPDATE SKIP LOCKED; a row left 'sending' past `claimed_until`
-- (its server died mid-send) is due again. Failures wait longer each time and give up as 'failed'.
create table reminder_deliveries (
  id bigserial primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  dedupe_key text not null check (length(dedupe_key) between 1 and 1000),
  channel text not null check (channel in ('email', 'teams')),
  user_id uuid references users (id) on delete cascade,
  kind text not null check (length(kind) between 1 and 40),
  subject text not null check (length(subject) between 1 and 1000),
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  claimed_until timestamptz,
  last_error text check (length(last_error) <= 2000),
  sent_at timestamptz,
  created_at timestamptz not null,
  unique (org_id, dedupe_key),
  check (channel <> 'email' or user_id is not null)
);
create index reminder_deliveries_due on reminder_deliveries (next_attempt_at) where status in ('pending', 'sending');
create index reminder_deliveries_org on reminder_deliveries (org_id, created_at desc);

-- The key that signs unsubscribe links (one row): made once by the first server that needs it.
create table reminder_signing_key (
  id integer primary key check (id = 1),
  secret text not null check (length(secret) >= 32)
);
