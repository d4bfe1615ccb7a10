CREATE TABLE "analytics_case_closed_rollups" (
	"closed_day" date NOT NULL,
	"bank_id" uuid NOT NULL,
	"incident_key" uuid NOT NULL,
	"sla_breached" boolean NOT NULL,
	"cases" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_case_closed_rollups_closed_day_bank_id_incident_key_sla_breached_pk" PRIMARY KEY("closed_day","bank_id","incident_key","sla_breached")
);
--> statement-breakpoint
CREATE TABLE "analytics_case_day_rollups" (
	"opened_day" date NOT NULL,
	"bank_id" uuid NOT NULL,
	"incident_key" uuid NOT NULL,
	"outcome" text NOT NULL,
	"compensation" text NOT NULL,
	"cases" bigint DEFAULT 0 NOT NULL,
	"loss_yen" bigint DEFAULT 0 NOT NULL,
	"reimbursed_yen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_case_day_rollups_opened_day_bank_id_incident_key_outcome_compensation_pk" PRIMARY KEY("opened_day","bank_id","incident_key","outcome","compensation")
);
--> statement-breakpoint
CREATE TABLE "analytics_case_open_rollups" (
	"opened_day" date NOT NULL,
	"due_day" date NOT NULL,
	"bank_id" uuid NOT NULL,
	"incident_key" uuid NOT NULL,
	"cases" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_case_open_rollups_opened_day_due_day_bank_id_incident_key_pk" PRIMARY KEY("opened_day","due_day","bank_id","incident_key")
);
--> statement-breakpoint
CREATE TABLE "analytics_decision_day_rollups" (
	"day" date NOT NULL,
	"operation" text NOT NULL,
	"outcome" text NOT NULL,
	"decisions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_decision_day_rollups_day_operation_outcome_pk" PRIMARY KEY("day","operation","outcome")
);
--> statement-breakpoint
CREATE TABLE "analytics_decision_month_rollups" (
	"month" date NOT NULL,
	"bank_id" uuid NOT NULL,
	"operation" text NOT NULL,
	"outcome" text NOT NULL,
	"decisions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_decision_month_rollups_month_bank_id_operation_outcome_pk" PRIMARY KEY("month","bank_id","operation","outcome")
);
--> statement-breakpoint
CREATE TABLE "analytics_link_day_rollups" (
	"day" date NOT NULL,
	"verification" text NOT NULL,
	"links" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_link_day_rollups_day_verification_pk" PRIMARY KEY("day","verification")
);
--> statement-breakpoint
CREATE TABLE "analytics_regulator_rollups" (
	"withdrawn_day" date NOT NULL,
	"bank_id" uuid NOT NULL,
	"incident_key" uuid NOT NULL,
	"compensation" text NOT NULL,
	"cases" bigint DEFAULT 0 NOT NULL,
	"loss_yen" bigint DEFAULT 0 NOT NULL,
	"reimbursed_yen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_regulator_rollups_withdrawn_day_bank_id_incident_key_compensation_pk" PRIMARY KEY("withdrawn_day","bank_id","incident_key","compensation")
);
--> statement-breakpoint
-- The coarser rollups (#16 §2: every chart within 50 ms at 10 million transactions): the fine
-- rollups have about one row per case, and one per day × bank × dimension, which a chart over all
-- history and every bank added up on every request (the decisions' 51,000 rows for one year, the
-- links' 30,000). The same functions keep them, in the same statement, from the same deltas.
-- Cases: from analytics_case_state, as the fine case rollups.
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

  INSERT INTO analytics_case_day_rollups AS r (opened_day, bank_id, incident_key, outcome, compensation, cases, loss_yen, reimbursed_yen)
  SELECT s.opened_day, s.bank_id, s.incident_key, s.outcome, s.compensation, -count(*), -sum(s.loss_yen), -sum(s.reimbursed_yen)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids)
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (opened_day, bank_id, incident_key, outcome, compensation) DO UPDATE
    SET cases = r.cases + excluded.cases, loss_yen = r.loss_yen + excluded.loss_yen, reimbursed_yen = r.reimbursed_yen + excluded.reimbursed_yen;

  INSERT INTO analytics_regulator_rollups AS r (withdrawn_day, bank_id, incident_key, compensation, cases, loss_yen, reimbursed_yen)
  SELECT s.withdrawn_day, s.bank_id, s.incident_key, s.compensation, -count(*), -sum(s.loss_yen), -sum(s.reimbursed_yen)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids) AND s.outcome = 'confirmed_fraud'
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (withdrawn_day, bank_id, incident_key, compensation) DO UPDATE
    SET cases = r.cases + excluded.cases, loss_yen = r.loss_yen + excluded.loss_yen, reimbursed_yen = r.reimbursed_yen + excluded.reimbursed_yen;

  INSERT INTO analytics_case_closed_rollups AS r (closed_day, bank_id, incident_key, sla_breached, cases)
  SELECT s.closed_day, s.bank_id, s.incident_key, s.sla_breached, -count(*)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids) AND s.closed_day <> 'infinity'
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (closed_day, bank_id, incident_key, sla_breached) DO UPDATE SET cases = r.cases + excluded.cases;

  INSERT INTO analytics_case_open_rollups AS r (opened_day, due_day, bank_id, incident_key, cases)
  SELECT s.opened_day, s.due_day, s.bank_id, s.incident_key, -count(*)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids) AND s.outcome = 'open'
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (opened_day, due_day, bank_id, incident_key) DO UPDATE SET cases = r.cases + excluded.cases;

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

  INSERT INTO analytics_case_day_rollups AS r (opened_day, bank_id, incident_key, outcome, compensation, cases, loss_yen, reimbursed_yen)
  SELECT s.opened_day, s.bank_id, s.incident_key, s.outcome, s.compensation, count(*), sum(s.loss_yen), sum(s.reimbursed_yen)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids)
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (opened_day, bank_id, incident_key, outcome, compensation) DO UPDATE
    SET cases = r.cases + excluded.cases, loss_yen = r.loss_yen + excluded.loss_yen, reimbursed_yen = r.reimbursed_yen + excluded.reimbursed_yen;

  INSERT INTO analytics_regulator_rollups AS r (withdrawn_day, bank_id, incident_key, compensation, cases, loss_yen, reimbursed_yen)
  SELECT s.withdrawn_day, s.bank_id, s.incident_key, s.compensation, count(*), sum(s.loss_yen), sum(s.reimbursed_yen)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids) AND s.outcome = 'confirmed_fraud'
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (withdrawn_day, bank_id, incident_key, compensation) DO UPDATE
    SET cases = r.cases + excluded.cases, loss_yen = r.loss_yen + excluded.loss_yen, reimbursed_yen = r.reimbursed_yen + excluded.reimbursed_yen;

  INSERT INTO analytics_case_closed_rollups AS r (closed_day, bank_id, incident_key, sla_breached, cases)
  SELECT s.closed_day, s.bank_id, s.incident_key, s.sla_breached, count(*)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids) AND s.closed_day <> 'infinity'
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (closed_day, bank_id, incident_key, sla_breached) DO UPDATE SET cases = r.cases + excluded.cases;

  INSERT INTO analytics_case_open_rollups AS r (opened_day, due_day, bank_id, incident_key, cases)
  SELECT s.opened_day, s.due_day, s.bank_id, s.incident_key, count(*)
  FROM analytics_case_state s WHERE s.case_id = ANY(ids) AND s.outcome = 'open'
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (opened_day, due_day, bank_id, incident_key) DO UPDATE SET cases = r.cases + excluded.cases;

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
-- Links and decisions: each statement's delta, in key order (two transactions meet their rows in the same order).
CREATE OR REPLACE FUNCTION analytics_add_link_deltas(days date[], banks uuid[], methods text[], n bigint[]) RETURNS void AS $$
  WITH d AS (SELECT * FROM unnest(days, banks, methods, n) AS d(day, bank_id, verification, n)),
  fine AS (
    INSERT INTO analytics_link_rollups AS r (day, bank_id, verification, links)
    SELECT day, bank_id, verification, sum(n) FROM d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, bank_id, verification) DO UPDATE SET links = r.links + excluded.links
    RETURNING 1
  )
  INSERT INTO analytics_link_day_rollups AS r (day, verification, links)
  SELECT day, verification, sum(n) FROM d GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, verification) DO UPDATE SET links = r.links + excluded.links;
$$ LANGUAGE sql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_links_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM analytics_add_link_deltas(array_agg(day), array_agg(bank_id), array_agg(verification), array_agg(n))
    FROM (SELECT (linked_at AT TIME ZONE 'Asia/Tokyo')::date AS day, bank_id, verification::text AS verification, count(*) AS n FROM new_rows GROUP BY 1, 2, 3) d;
  ELSE
    PERFORM analytics_add_link_deltas(array_agg(day), array_agg(bank_id), array_agg(verification), array_agg(n))
    FROM (SELECT (linked_at AT TIME ZONE 'Asia/Tokyo')::date AS day, bank_id, verification::text AS verification, -count(*) AS n FROM old_rows GROUP BY 1, 2, 3) d;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_add_decision_deltas(days date[], banks uuid[], operations text[], outcomes text[], n bigint[]) RETURNS void AS $$
  WITH d AS (SELECT * FROM unnest(days, banks, operations, outcomes, n) AS d(day, bank_id, operation, outcome, n)),
  fine AS (
    INSERT INTO analytics_decision_rollups AS r (day, bank_id, operation, outcome, decisions)
    SELECT day, bank_id, operation, outcome, sum(n) FROM d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, bank_id, operation, outcome) DO UPDATE SET decisions = r.decisions + excluded.decisions
    RETURNING 1
  ),
  by_day AS (
    INSERT INTO analytics_decision_day_rollups AS r (day, operation, outcome, decisions)
    SELECT day, operation, outcome, sum(n) FROM d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, operation, outcome) DO UPDATE SET decisions = r.decisions + excluded.decisions
    RETURNING 1
  )
  INSERT INTO analytics_decision_month_rollups AS r (month, bank_id, operation, outcome, decisions)
  SELECT date_trunc('month', day)::date, bank_id, operation, outcome, sum(n) FROM d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (month, bank_id, operation, outcome) DO UPDATE SET decisions = r.decisions + excluded.decisions;
$$ LANGUAGE sql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_decisions_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM analytics_add_decision_deltas(array_agg(day), array_agg(bank_id), array_agg(operation), array_agg(outcome), array_agg(n))
    FROM (SELECT (bucket_start AT TIME ZONE 'Asia/Tokyo')::date AS day, bank_id, operation::text AS operation, outcome::text AS outcome, sum(count)::bigint AS n FROM new_rows GROUP BY 1, 2, 3, 4) d;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM analytics_add_decision_deltas(array_agg(day), array_agg(bank_id), array_agg(operation), array_agg(outcome), array_agg(n))
    FROM (
      SELECT day, bank_id, operation, outcome, sum(n)::bigint AS n FROM (
        SELECT (bucket_start AT TIME ZONE 'Asia/Tokyo')::date AS day, bank_id, operation::text AS operation, outcome::text AS outcome, count AS n FROM new_rows
        UNION ALL
        SELECT (bucket_start AT TIME ZONE 'Asia/Tokyo')::date, bank_id, operation::text, outcome::text, -count FROM old_rows
      ) u GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
    ) d;
  ELSE
    PERFORM analytics_add_decision_deltas(array_agg(day), array_agg(bank_id), array_agg(operation), array_agg(outcome), array_agg(n))
    FROM (SELECT (bucket_start AT TIME ZONE 'Asia/Tokyo')::date AS day, bank_id, operation::text AS operation, outcome::text AS outcome, -sum(count)::bigint AS n FROM old_rows GROUP BY 1, 2, 3, 4) d;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Fills the coarse rollups from the fine ones (this migration, and the analytics bench after its bulk load).
CREATE OR REPLACE FUNCTION analytics_fill_coarse_rollups() RETURNS void AS $$
BEGIN
  TRUNCATE analytics_case_day_rollups, analytics_regulator_rollups, analytics_case_closed_rollups, analytics_case_open_rollups,
    analytics_link_day_rollups, analytics_decision_day_rollups, analytics_decision_month_rollups;
  INSERT INTO analytics_case_day_rollups (opened_day, bank_id, incident_key, outcome, compensation, cases, loss_yen, reimbursed_yen)
  SELECT opened_day, bank_id, incident_key, outcome, compensation, count(*), sum(loss_yen), sum(reimbursed_yen) FROM analytics_case_state GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO analytics_regulator_rollups (withdrawn_day, bank_id, incident_key, compensation, cases, loss_yen, reimbursed_yen)
  SELECT withdrawn_day, bank_id, incident_key, compensation, count(*), sum(loss_yen), sum(reimbursed_yen) FROM analytics_case_state WHERE outcome = 'confirmed_fraud' GROUP BY 1, 2, 3, 4;
  INSERT INTO analytics_case_closed_rollups (closed_day, bank_id, incident_key, sla_breached, cases)
  SELECT closed_day, bank_id, incident_key, sla_breached, count(*) FROM analytics_case_state WHERE closed_day <> 'infinity' GROUP BY 1, 2, 3, 4;
  INSERT INTO analytics_case_open_rollups (opened_day, due_day, bank_id, incident_key, cases)
  SELECT opened_day, due_day, bank_id, incident_key, count(*) FROM analytics_case_state WHERE outcome = 'open' GROUP BY 1, 2, 3, 4;
  INSERT INTO analytics_link_day_rollups (day, verification, links)
  SELECT day, verification, sum(links) FROM analytics_link_rollups GROUP BY 1, 2;
  INSERT INTO analytics_decision_day_rollups (day, operation, outcome, decisions)
  SELECT day, operation, outcome, sum(decisions) FROM analytics_decision_rollups GROUP BY 1, 2, 3;
  INSERT INTO analytics_decision_month_rollups (month, bank_id, operation, outcome, decisions)
  SELECT date_trunc('month', day)::date, bank_id, operation, outcome, sum(decisions) FROM analytics_decision_rollups GROUP BY 1, 2, 3, 4;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
SELECT analytics_fill_coarse_rollups();
