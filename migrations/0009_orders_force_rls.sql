-- Hand-written: the order tables get FORCE row-level security like the rest, and an order's status
-- history is append-only for the app role.
REVOKE UPDATE, DELETE, TRUNCATE ON order_status_history FROM vitrine_app;--> statement-breakpoint
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
      AND c.relrowsecurity AND NOT c.relforcerowsecurity
  LOOP
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
  END LOOP;
END
$$;
