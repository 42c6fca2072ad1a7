-- Hand-written: the import tables get FORCE row-level security like the rest, and the app role's
-- grants explicitly (the default privileges give the same; this states it where the tables arrive).
GRANT SELECT, INSERT, UPDATE, DELETE ON import_jobs, import_row_errors, staged_products TO vitrine_app;--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE import_row_errors_id_seq TO vitrine_app;--> statement-breakpoint
ALTER TABLE import_jobs FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE import_row_errors FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE staged_products FORCE ROW LEVEL SECURITY;
