-- Nobody approves (or rejects) their own reimbursement, by any path: a decision whose approver is
-- the reimbursement's maker is refused here, whatever wrote it (the service refuses it first).
CREATE OR REPLACE FUNCTION reimbursement_approval_refuse_maker() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM reimbursements r WHERE r.id = NEW.reimbursement_id AND r.requested_by = NEW.approver_id) THEN
    RAISE EXCEPTION 'reimbursement_maker_is_checker: the maker of reimbursement % does not decide it', NEW.reimbursement_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER reimbursement_approvals_not_maker BEFORE INSERT OR UPDATE ON reimbursement_approvals
  FOR EACH ROW EXECUTE FUNCTION reimbursement_approval_refuse_maker();
--> statement-breakpoint
-- The analytics rollups follow the new reimbursements table as they followed the first one (migration
-- 0025's triggers went with it): a case's compensation with the area's statuses. 'compensated' once
-- anything was approved, sent or paid; 'refused' when a proposal was rejected and none is pending or
-- accepted; else 'pending'; 'none' for any other case.
CREATE OR REPLACE FUNCTION analytics_compensation(p_case uuid, p_outcome case_outcome, p_reimbursed bigint) RETURNS text AS $$
  SELECT CASE
    WHEN p_outcome IS DISTINCT FROM 'confirmed_fraud' THEN 'none'
    WHEN p_reimbursed > 0 THEN 'compensated'
    WHEN EXISTS (SELECT 1 FROM reimbursements r WHERE r.case_id = p_case AND r.status = 'rejected')
      AND NOT EXISTS (SELECT 1 FROM reimbursements r WHERE r.case_id = p_case AND r.status IN ('pending', 'approved', 'sent', 'paid')) THEN 'refused'
    ELSE 'pending'
  END
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
CREATE TRIGGER analytics_reimbursements_inserted AFTER INSERT ON reimbursements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_case_children_new();
--> statement-breakpoint
CREATE TRIGGER analytics_reimbursements_updated AFTER UPDATE ON reimbursements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_case_children_both();
--> statement-breakpoint
CREATE TRIGGER analytics_reimbursements_deleted AFTER DELETE ON reimbursements REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_case_children_old();
