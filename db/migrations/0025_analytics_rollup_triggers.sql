-- The analytics rollups follow the rows they count in the same transaction, whichever code writes
-- them (lib/analytics/README in the project README, "Analytics"). Days are Japan-time dates.

-- A case's compensation, the one place that says it (the reimbursements area writes cases.reimbursed_yen
-- and reimbursements rows; nothing here depends on how): for confirmed fraud, 'compensated' once
-- anything was paid back or approved, 'refused' when a proposal was rejected and none is
-- open or accepted, else 'pending'; 'none' for any other case.
CREATE OR REPLACE FUNCTION analytics_compensation(p_case uuid, p_outcome case_outcome, p_reimbursed bigint) RETURNS text AS $$
  SELECT CASE
    WHEN p_outcome IS DISTINCT FROM 'confirmed_fraud' THEN 'none'
    WHEN p_reimbursed > 0 THEN 'compensated'
    WHEN EXISTS (SELECT 1 FROM reimbursements r WHERE r.case_id = p_case AND r.status = 'rejected')
      AND NOT EXISTS (SELECT 1 FROM reimbursements r WHERE r.case_id = p_case AND r.status IN ('proposed', 'approved', 'paid')) THEN 'refused'
    ELSE 'pending'
  END
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
-- Takes away what the cases added to the rollups (their analytics_case_state rows), reads them as
-- they are now and adds that. The cases' rows are locked first, in id order, so two transactions
-- refreshing the same case take turns.
CREATE OR REPLACE FUNCTION analytics_refresh_cases(ids uuid[]) RETURNS void AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM cases WHERE id = ANY(ids) ORDER BY id FOR UPDATE;

  INSERT INTO analytics_case_rollups AS r (opened_day, bank_id, incident_key, closed_day, due_day, outcome, compensation, sla_breached, cases, loss_yen, reimbursed_yen)
  SELECT s.opened_day, s.bank_id, s.incident_key, s.closed_day, s.due_day, s.outcome, s.compensation, s.sla_breached, -count(*), -sum(s.loss_yen), -sum(s.reimbursed_yen)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (opened_day, bank_id, incident_key, closed_day, due_day, outcome, compensation, sla_breached) DO UPDATE
    SET cases = r.cases + excluded.cases, loss_yen = r.loss_yen + excluded.loss_yen, reimbursed_yen = r.reimbursed_yen + excluded.reimbursed_yen;

  INSERT INTO analytics_spend_rollups AS r (day, bank_id, incident_key, category, yen, payments)
  SELECT x.day, s.bank_id, s.incident_key, x.category, -sum(x.yen), -sum(x.n)
  FROM analytics_case_state s, jsonb_to_recordset(s.spend) AS x(day date, category text, yen bigint, n bigint)
  WHERE s.case_id = ANY(ids)
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (day, bank_id, incident_key, category) DO UPDATE
    SET yen = r.yen + excluded.yen, payments = r.payments + excluded.payments;

  DELETE FROM analytics_case_state WHERE case_id = ANY(ids);

  INSERT INTO analytics_case_state (case_id, bank_id, incident_key, opened_day, closed_day, due_day, outcome, compensation, sla_breached, loss_yen, reimbursed_yen, spend)
  SELECT c.id, c.bank_id, coalesce(c.incident_id, '00000000-0000-0000-0000-000000000000'::uuid),
    (c.opened_at AT TIME ZONE 'Asia/Tokyo')::date,
    CASE WHEN c.status = 'closed' THEN (coalesce(c.closed_at, c.updated_at) AT TIME ZONE 'Asia/Tokyo')::date ELSE 'infinity'::date END,
    (c.due_at AT TIME ZONE 'Asia/Tokyo')::date,
    CASE WHEN c.status = 'closed' THEN c.outcome::text ELSE 'open' END,
    analytics_compensation(c.id, c.outcome, c.reimbursed_yen),
    c.status = 'closed' AND coalesce(c.closed_at, c.updated_at) > c.due_at,
    CASE WHEN c.outcome = 'confirmed_fraud' THEN c.confirmed_loss_yen ELSE c.loss_yen END,
    c.reimbursed_yen,
    CASE WHEN c.outcome = 'confirmed_fraud' THEN coalesce((
      SELECT jsonb_agg(jsonb_build_object('day', p.day, 'category', p.category, 'yen', p.yen, 'n', p.n))
      FROM (
        SELECT (t.occurred_at AT TIME ZONE 'Asia/Tokyo')::date AS day, coalesce(t.merchant_category::text, 'other') AS category, sum(t.amount_yen) AS yen, count(*) AS n
        FROM case_transactions ct JOIN transactions t ON t.id = ct.transaction_id
        WHERE ct.case_id = c.id AND ct.fraudulent AND t.kind = 'payment'
        GROUP BY 1, 2
      ) p), '[]'::jsonb) ELSE '[]'::jsonb END
  FROM cases c WHERE c.id = ANY(ids);

  INSERT INTO analytics_case_rollups AS r (opened_day, bank_id, incident_key, closed_day, due_day, outcome, compensation, sla_breached, cases, loss_yen, reimbursed_yen)
  SELECT s.opened_day, s.bank_id, s.incident_key, s.closed_day, s.due_day, s.outcome, s.compensation, s.sla_breached, count(*), sum(s.loss_yen), sum(s.reimbursed_yen)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (opened_day, bank_id, incident_key, closed_day, due_day, outcome, compensation, sla_breached) DO UPDATE
    SET cases = r.cases + excluded.cases, loss_yen = r.loss_yen + excluded.loss_yen, reimbursed_yen = r.reimbursed_yen + excluded.reimbursed_yen;

  INSERT INTO analytics_spend_rollups AS r (day, bank_id, incident_key, category, yen, payments)
  SELECT x.day, s.bank_id, s.incident_key, x.category, sum(x.yen), sum(x.n)
  FROM analytics_case_state s, jsonb_to_recordset(s.spend) AS x(day date, category text, yen bigint, n bigint)
  WHERE s.case_id = ANY(ids)
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (day, bank_id, incident_key, category) DO UPDATE
    SET yen = r.yen + excluded.yen, payments = r.payments + excluded.payments;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_case_row_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM analytics_refresh_cases(ARRAY[OLD.id]);
  ELSE
    PERFORM analytics_refresh_cases(ARRAY[NEW.id]);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER analytics_cases_inserted AFTER INSERT OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION analytics_case_row_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_cases_updated AFTER UPDATE ON cases FOR EACH ROW
  WHEN ((OLD.status, OLD.outcome, OLD.bank_id, OLD.incident_id, OLD.opened_at, OLD.closed_at, OLD.due_at, OLD.loss_yen, OLD.confirmed_loss_yen, OLD.reimbursed_yen)
    IS DISTINCT FROM (NEW.status, NEW.outcome, NEW.bank_id, NEW.incident_id, NEW.opened_at, NEW.closed_at, NEW.due_at, NEW.loss_yen, NEW.confirmed_loss_yen, NEW.reimbursed_yen))
  EXECUTE FUNCTION analytics_case_row_changed();
--> statement-breakpoint
-- Marks and reimbursements: one refresh per statement for the cases it touched.
CREATE OR REPLACE FUNCTION analytics_case_children_new() RETURNS trigger AS $$
BEGIN
  PERFORM analytics_refresh_cases((SELECT array_agg(DISTINCT case_id) FROM new_rows));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_case_children_old() RETURNS trigger AS $$
BEGIN
  PERFORM analytics_refresh_cases((SELECT array_agg(DISTINCT case_id) FROM old_rows));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_case_children_both() RETURNS trigger AS $$
BEGIN
  PERFORM analytics_refresh_cases((SELECT array_agg(DISTINCT case_id) FROM (SELECT case_id FROM new_rows UNION SELECT case_id FROM old_rows) x));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER analytics_marks_inserted AFTER INSERT ON case_transactions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_case_children_new();
--> statement-breakpoint
CREATE TRIGGER analytics_marks_updated AFTER UPDATE ON case_transactions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_case_children_both();
--> statement-breakpoint
CREATE TRIGGER analytics_marks_deleted AFTER DELETE ON case_transactions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_case_children_old();
--> statement-breakpoint
CREATE TRIGGER analytics_reimbursements_inserted AFTER INSERT ON reimbursements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_case_children_new();
--> statement-breakpoint
CREATE TRIGGER analytics_reimbursements_updated AFTER UPDATE ON reimbursements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_case_children_both();
--> statement-breakpoint
CREATE TRIGGER analytics_reimbursements_deleted AFTER DELETE ON reimbursements REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_case_children_old();
--> statement-breakpoint
-- New links per day, bank and verification method (a link's bank, time and method never change).
CREATE OR REPLACE FUNCTION analytics_links_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_link_rollups AS r (day, bank_id, verification, links)
    SELECT (linked_at AT TIME ZONE 'Asia/Tokyo')::date, bank_id, verification::text, count(*) FROM new_rows GROUP BY 1, 2, 3
    ON CONFLICT (day, bank_id, verification) DO UPDATE SET links = r.links + excluded.links;
  ELSE
    INSERT INTO analytics_link_rollups AS r (day, bank_id, verification, links)
    SELECT (linked_at AT TIME ZONE 'Asia/Tokyo')::date, bank_id, verification::text, -count(*) FROM old_rows GROUP BY 1, 2, 3
    ON CONFLICT (day, bank_id, verification) DO UPDATE SET links = r.links + excluded.links;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER analytics_links_inserted AFTER INSERT ON linked_accounts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_links_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_links_deleted AFTER DELETE ON linked_accounts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_links_changed();
--> statement-breakpoint
-- Decisions per day from the per-minute counters: what each statement added or took away.
CREATE OR REPLACE FUNCTION analytics_decisions_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_decision_rollups AS r (day, bank_id, operation, outcome, decisions)
    SELECT (bucket_start AT TIME ZONE 'Asia/Tokyo')::date, bank_id, operation::text, outcome::text, sum(count) FROM new_rows GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, bank_id, operation, outcome) DO UPDATE SET decisions = r.decisions + excluded.decisions;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO analytics_decision_rollups AS r (day, bank_id, operation, outcome, decisions)
    SELECT day, bank_id, operation, outcome, sum(n) FROM (
      SELECT (bucket_start AT TIME ZONE 'Asia/Tokyo')::date AS day, bank_id, operation::text AS operation, outcome::text AS outcome, count AS n FROM new_rows
      UNION ALL
      SELECT (bucket_start AT TIME ZONE 'Asia/Tokyo')::date, bank_id, operation::text, outcome::text, -count FROM old_rows
    ) d GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, bank_id, operation, outcome) DO UPDATE SET decisions = r.decisions + excluded.decisions;
  ELSE
    INSERT INTO analytics_decision_rollups AS r (day, bank_id, operation, outcome, decisions)
    SELECT (bucket_start AT TIME ZONE 'Asia/Tokyo')::date, bank_id, operation::text, outcome::text, -sum(count) FROM old_rows GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, bank_id, operation, outcome) DO UPDATE SET decisions = r.decisions + excluded.decisions;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER analytics_decisions_inserted AFTER INSERT ON decision_counters REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_decisions_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_decisions_updated AFTER UPDATE ON decision_counters REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_decisions_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_decisions_deleted AFTER DELETE ON decision_counters REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_decisions_changed();
--> statement-breakpoint
-- What databases already hold when this migration runs.
INSERT INTO analytics_link_rollups (day, bank_id, verification, links)
SELECT (linked_at AT TIME ZONE 'Asia/Tokyo')::date, bank_id, verification::text, count(*) FROM linked_accounts GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO analytics_decision_rollups (day, bank_id, operation, outcome, decisions)
SELECT (bucket_start AT TIME ZONE 'Asia/Tokyo')::date, bank_id, operation::text, outcome::text, sum(count) FROM decision_counters GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
SELECT analytics_refresh_cases(array_agg(id)) FROM cases;
