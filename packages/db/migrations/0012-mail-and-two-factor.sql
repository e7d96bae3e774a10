-- E-mail and two-factor sign-in (issue 13).
--
-- An account's address is verified when its owner proved they read its mail: they accepted an invitation
-- whose link only went to that address, or followed a password-reset link. Accounts from before, and
-- those made while no mail server is configured, stay unverified (null) and keep working.
alter table users add column email_verified_at timestamptz;
-- The TOTP secret (base32) once enrolment is confirmed, or while it waits for its first code (pending).
-- Never answered by the API after enrolment, never logged. The last time step used stops a replay.
alter table users add column totp_secret text;
alter table users add column totp_pending_secret text;
alter table users add column totp_enabled_at timestamptz;
alter table users add column totp_last_step bigint;

-- Whether the invitation's link went out by e-mail only (then accepting it proves the address).
alter table invitations add column emailed_at timestamptz;

-- A partner admin can require two-factor sign-in of every member of the organization.
alter table organizations add column require_two_factor boolean not null default false;

-- One-time links sent by e-mail ('password-reset') and the step between password and code at sign-in
-- ('sign-in-code'): kept as the SHA-256 of their secret, expiring, used once.
create table account_tokens (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('password-reset', 'sign-in-code')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  attempts integer not null default 0
);
create index account_tokens_user on account_tokens (user_id, purpose);
create index account_tokens_expires on account_tokens (expires_at);

-- Recovery codes for two-factor sign-in: hashed, each used once.
create table recovery_codes (
  user_id uuid not null references users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  primary key (user_id, code_hash)
);
