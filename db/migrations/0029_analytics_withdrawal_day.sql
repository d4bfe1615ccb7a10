-- The regulator's table is per bank and quarter of withdrawal (#16 §1: the quarter the fraudulent
-- transactions happened in, as the regulator's statistics count them), not of the case's opening: the
-- case rollups get the Japan day of the case's first fraudulent withdrawal (the earliest charge
-- marked fraudulent on it, money pulled from the bank account; else its earliest transaction marked
-- fraudulent; else the day it was opened). Marks already refresh their case (migration 0025), so
-- the day follows them. The case rollups are rebuilt from the cases.
TRUNCATE "analytics_case_rollups", "analytics_case_state", "analytics_spend_rollups";--> statement-breakpoint
ALTER TABLE "analytics_case_rollups" ADD COLUMN "withdrawn_day" date NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_case_state" ADD COLUMN "withdrawn_day" date NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_case_rollups" DROP CONSTRAINT "analytics_case_rollups_opened_day_bank_id_incident_key_closed_day_due_day_outcome_compensation_sla_breached_pk";--> statement-breakpoint
ALTER TABLE "analytics_case_rollups" ADD CONSTRAINT "analytics_case_rollups_opened_day_bank_id_incident_key_withdrawn_day_closed_day_due_day_outcome_compensation_sla_breached_pk" PRIMARY KEY("opened_day","bank_id","incident_key","withdrawn_day","closed_day","due_day","outcome","compensation","sla_breached");--> statement-breakpoint
-- Takes away what the cases added to the rollups (their analytics_case_state rows), reads them as
-- they are now and adds that. The cases' rows are locked first, in id order, so two transactions
-- refreshing the same case take turns.
CREATE OR REPLACE FUNCTION analytics_refresh_cases(ids uuid[]) RETURNS void AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM cases WHERE id = ANY(ids) ORDER BY id FOR UPDATE;

  INSERT INTO analytics_case_rollups AS r (opened_day, bank_id, incident_key, withdrawn_day, closed_day, due_day, outcome, compensation, sla_breached, cases, loss_yen, reimbursed_yen)
  SELECT s.opened_day, s.bank_id, s.incident_key, s.withdrawn_day, s.closed_day, s.due_day, s.outcome, s.compensation, s.sla_breached, -count(*), -sum(s.loss_yen), -sum(s.reimbursed_yen)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT (opened_day, bank_id, incident_key, withdrawn_day, closed_day, due_day, outcome, compensation, sla_breached) DO UPDATE
    SET cases = r.cases + excluded.cases, loss_yen = r.loss_yen + excluded.loss_yen, reimbursed_yen = r.reimbursed_yen + excluded.reimbursed_yen;

  INSERT INTO analytics_spend_rollups AS r (day, bank_id, incident_key, category, yen, payments)
  SELECT x.day, s.bank_id, s.incident_key, x.category, -sum(x.yen), -sum(x.n)
  FROM analytics_case_state s, jsonb_to_recordset(s.spend) AS x(day date, category text, yen bigint, n bigint)
  WHERE s.case_id = ANY(ids)
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (day, bank_id, incident_key, category) DO UPDATE
    SET yen = r.yen + excluded.yen, payments = r.payments + excluded.payments;

  DELETE FROM analytics_case_state WHERE case_id = ANY(ids);

  INSERT INTO analytics_case_state (case_id, bank_id, incident_key, opened_day, withdrawn_day, closed_day, due_day, outcome, compensation, sla_breached, loss_yen, reimbursed_yen, spend)
  SELECT c.id, c.bank_id, coalesce(c.incident_id, '00000000-0000-0000-0000-000000000000'::uuid),
    (c.opened_at AT TIME ZONE 'Asia/Tokyo')::date,
    (coalesce((
      SELECT coalesce(min(t.occurred_at) FILTER (WHERE t.kind = 'charge'), min(t.occurred_at))
      FROM case_transactions ct JOIN transactions t ON t.id = ct.transaction_id WHERE ct.case_id = c.id AND ct.fraudulent
    ), c.opened_at) AT TIME ZONE 'Asia/Tokyo')::date,
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

  INSERT INTO analytics_case_rollups AS r (opened_day, bank_id, incident_key, withdrawn_day, closed_day, due_day, outcome, compensation, sla_breached, cases, loss_yen, reimbursed_yen)
  SELECT s.opened_day, s.bank_id, s.incident_key, s.withdrawn_day, s.closed_day, s.due_day, s.outcome, s.compensation, s.sla_breached, count(*), sum(s.loss_yen), sum(s.reimbursed_yen)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT (opened_day, bank_id, incident_key, withdrawn_day, closed_day, due_day, outcome, compensation, sla_breached) DO UPDATE
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
SELECT analytics_refresh_cases(array_agg(id)) FROM cases;
