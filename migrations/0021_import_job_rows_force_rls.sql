-- Hand-written: the import pipeline's job rows get FORCE row-level security like the rest, and the
-- app role's grants explicitly (the default privileges give the same; this states it where the table arrives).
GRANT SELECT, INSERT, UPDATE, DELETE ON import_job_rows TO vitrine_app;--> statement-breakpoint
ALTER TABLE import_job_rows FORCE ROW LEVEL SECURITY;
