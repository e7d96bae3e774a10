-- The activity log's events are a typed union (issue 12): each entry written through the mutation path
-- says which version of its action's details it holds. Entries from before have none (null).
alter table activity add column event_version integer check (event_version >= 1);
