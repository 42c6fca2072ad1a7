-- Hand-written: the stock engine's tables get FORCE row-level security like the rest, and the app
-- role's grants explicitly (the default privileges give the same; this states it where the tables arrive).
GRANT SELECT, INSERT, UPDATE, DELETE ON stock_settings, stock_alerts TO vitrine_app;--> statement-breakpoint
ALTER TABLE stock_settings FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE stock_alerts FORCE ROW LEVEL SECURITY;
