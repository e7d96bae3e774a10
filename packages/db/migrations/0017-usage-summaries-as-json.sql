-- Usage summaries are kept as json text rather than jsonb (issue 15, the web import). They are written
-- whole and read whole, never queried inside; PGlite stores and returns json text about twice as fast as
-- it builds and prints jsonb, and a 1,000,000-row export's months are 5.5 MB of it. json keeps the text
-- as written, so what is read back parses to the same objects.
alter table import_usage_months alter column summary type json using summary::json;
alter table import_usage_program_months alter column summary type json using summary::json;
