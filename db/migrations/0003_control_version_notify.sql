-- One version counter for all controls: every change takes the next value, so a decision can say
-- which state of the controls it was made under (controlVersion), and a cache knows if it is behind.
CREATE SEQUENCE IF NOT EXISTS control_version_seq START WITH 1000;
--> statement-breakpoint
-- Every change to bank_controls tells listeners (the decision snapshot in each server process).
-- Statement-level with an empty payload: a bulk change of 35 banks is one notification.
CREATE OR REPLACE FUNCTION bank_controls_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('linkguard_controls', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER bank_controls_changed AFTER INSERT OR UPDATE OR DELETE ON bank_controls
  FOR EACH STATEMENT EXECUTE FUNCTION bank_controls_notify();
