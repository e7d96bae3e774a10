-- Sign-in with Microsoft Entra ID (issue 13).
--
-- An Entra identity is the pair (tenant id, object id) of the ID token's `tid` and `oid` claims: the
-- only claims Microsoft guarantees stable and unique for a person across applications. The e-mail and
-- preferred_username claims can be changed by a tenant's administrators, so they are kept for display
-- only (`username`) and never identify anyone. One identity per account.
create table entra_identities (
  tenant_id text not null check (tenant_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  object_id text not null check (object_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  user_id uuid not null unique references users (id) on delete cascade,
  username text not null default '',
  linked_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  primary key (tenant_id, object_id)
);

-- A sign-in started at Microsoft and not yet back: the state (as its SHA-256), the nonce and the PKCE
-- verifier the callback needs, what it is for, expiring after 10 minutes and used once.
create table entra_sign_ins (
  state_hash text primary key,
  nonce text not null,
  code_verifier text not null,
  purpose text not null check (purpose in ('sign-in', 'link', 'invitation')),
  -- The signed-in account a link is for; the invitation (its token's SHA-256) an acceptance is for.
  user_id uuid references users (id) on delete cascade,
  invitation_token_hash text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index entra_sign_ins_expires on entra_sign_ins (expires_at);

-- How a session was signed in: with a password (and perhaps a code), or with Entra ID from a tenant.
alter table sessions add column entra_tenant_id text;

-- A partner admin can accept Entra sign-ins from listed tenants only (empty: any tenant), and require
-- members to sign in with Entra ID (a password session is then refused the organization).
alter table organizations add column entra_tenant_ids jsonb not null default '[]';
alter table organizations add column require_entra boolean not null default false;

-- A link e-mailed to verify an account's address ('email-verification'): for accounts made while no mail
-- server was configured, whose address nothing proved.
alter table account_tokens drop constraint account_tokens_purpose_check;
alter table account_tokens add constraint account_tokens_purpose_check
  check (purpose in ('password-reset', 'sign-in-code', 'email-verification'));
