-- Usage summaries are stored out of line without compression (issue 15, the web import). A
-- 1,000,000-row export's months are 5.5 MB of json, written once by its import and read whole: PGlite
-- compressed them on every write (pglz, in WebAssembly), which took about half of the insert's time.
-- Uncompressed they take about 2.4 times the disk (about 6 MB for such an import) and write in half
-- the time; what is read back is the same text. On a PostgreSQL server, whose compression is native
-- and quick, this costs the same disk for a smaller gain: one schema serves both.
alter table import_usage_months alter column summary set storage external;
alter table import_usage_program_months alter column summary set storage external;
