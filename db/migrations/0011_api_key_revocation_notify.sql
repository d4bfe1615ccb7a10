-- A revoked (or deleted) API key tells every server process at once: each one's control-snapshot
-- connection LISTENs on 'linkguard_api_keys' and drops the key named in the payload from its cache
-- (lib/auth/api-key.ts). Row-level: revocations are rare, and each names its key.
CREATE OR REPLACE FUNCTION api_keys_revocation_notify() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('linkguard_api_keys', OLD.id::text);
  ELSIF NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL THEN
    PERFORM pg_notify('linkguard_api_keys', NEW.id::text);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER api_keys_revoked AFTER UPDATE OF revoked_at OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION api_keys_revocation_notify();
