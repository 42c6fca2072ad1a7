-- Hand-written: the webhook tables get FORCE row-level security like the rest, and the app role's
-- grants explicitly (the default privileges give the same; this states it where the tables arrive).
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints, webhook_deliveries TO vitrine_app;--> statement-breakpoint
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
