-- Hand-written: the app role the Workers log in as, its grants, and FORCE RLS so that even the
-- table owner is filtered by the policies. The app role owns nothing and cannot bypass RLS.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vitrine_app') THEN
    CREATE ROLE vitrine_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vitrine_app' AND (rolsuper OR rolbypassrls)) THEN
    RAISE EXCEPTION 'vitrine_app must be NOSUPERUSER NOBYPASSRLS, or row-level security means nothing';
  END IF;
END
$$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO vitrine_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vitrine_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO vitrine_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vitrine_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO vitrine_app;--> statement-breakpoint
ALTER TABLE vendors FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE vendor_domains FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE processed_messages FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE dead_letters FORCE ROW LEVEL SECURITY;
