-- Hand-written: a guard for publish batches. A batch over Neon's HTTP path cannot branch, so a
-- statement that finds the world changed since the batch was planned (a staged row published or
-- re-imported meanwhile, a product edited meanwhile) calls this to roll the whole batch back with
-- a serialization failure (40001); the publisher re-reads and plans again.
CREATE OR REPLACE FUNCTION import_publish_check(ok boolean, what text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION 'publish batch is stale: %', what USING ERRCODE = '40001';
  END IF;
END;
$$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION import_publish_check(boolean, text) TO vitrine_app;
