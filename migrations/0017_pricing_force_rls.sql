-- Hand-written: pricing_rules gets FORCE row-level security like the rest, and the app role's
-- grants explicitly (the default privileges give the same; this states it where the table arrives).
GRANT SELECT, INSERT, UPDATE, DELETE ON pricing_rules TO vitrine_app;--> statement-breakpoint
ALTER TABLE pricing_rules FORCE ROW LEVEL SECURITY;
