-- The first schema's reimbursement tables were never written: replaced by the tables of the reimbursements area (lib/reimbursements).
DROP TABLE "reimbursement_approvals" CASCADE;--> statement-breakpoint
DROP TABLE "reimbursements" CASCADE;--> statement-breakpoint
DROP TYPE "public"."approval_decision";--> statement-breakpoint
DROP TYPE "public"."reimbursement_status";--> statement-breakpoint
CREATE TYPE "public"."approval_decision" AS ENUM('approve', 'reject');--> statement-breakpoint
CREATE TYPE "public"."payee_kind" AS ENUM('linked_account', 'other');--> statement-breakpoint
CREATE TYPE "public"."reimbursement_status" AS ENUM('pending', 'approved', 'rejected', 'cancelled', 'sent', 'paid');--> statement-breakpoint
CREATE TABLE "case_compensations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"bank_id" uuid NOT NULL,
	"amount_yen" bigint NOT NULL,
	"note" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compensation_amount_positive" CHECK ("case_compensations"."amount_yen" > 0)
);
--> statement-breakpoint
CREATE TABLE "reimbursement_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reimbursement_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"approver_id" uuid NOT NULL,
	"approver_org_kind" "org_kind" NOT NULL,
	"decision" "approval_decision" NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reimbursement_one_decision_per_approver" UNIQUE("reimbursement_id","revision","approver_id")
);
--> statement-breakpoint
CREATE TABLE "reimbursements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"bank_id" uuid NOT NULL,
	"amount_yen" bigint NOT NULL,
	"reason" text NOT NULL,
	"payee_kind" "payee_kind" DEFAULT 'linked_account' NOT NULL,
	"payee_bank_code" char(4) NOT NULL,
	"payee_branch_code" char(3) NOT NULL,
	"payee_account_type" "account_type" NOT NULL,
	"payee_account_number" text,
	"payee_account_last4" char(4) NOT NULL,
	"payee_name_kana" text NOT NULL,
	"payee_reason" text,
	"approvals_needed" integer DEFAULT 1 NOT NULL,
	"status" "reimbursement_status" DEFAULT 'pending' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"sent_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reimbursement_amount_positive" CHECK ("reimbursements"."amount_yen" > 0),
	CONSTRAINT "reimbursement_approvals_needed" CHECK ("reimbursements"."approvals_needed" in (1, 2)),
	CONSTRAINT "reimbursement_maker_is_not_checker" CHECK ("reimbursements"."decided_by" is null or "reimbursements"."status" = 'cancelled' or "reimbursements"."decided_by" <> "reimbursements"."requested_by"),
	CONSTRAINT "reimbursement_other_payee_reason" CHECK ("reimbursements"."payee_kind" = 'linked_account' or ("reimbursements"."payee_reason" is not null and "reimbursements"."payee_account_number" is not null))
);
--> statement-breakpoint
ALTER TABLE "case_compensations" ADD CONSTRAINT "case_compensations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_compensations" ADD CONSTRAINT "case_compensations_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_compensations" ADD CONSTRAINT "case_compensations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursement_approvals" ADD CONSTRAINT "reimbursement_approvals_reimbursement_id_reimbursements_id_fk" FOREIGN KEY ("reimbursement_id") REFERENCES "public"."reimbursements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursement_approvals" ADD CONSTRAINT "reimbursement_approvals_approver_id_users_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursements" ADD CONSTRAINT "reimbursements_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursements" ADD CONSTRAINT "reimbursements_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursements" ADD CONSTRAINT "reimbursements_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursements" ADD CONSTRAINT "reimbursements_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_compensations_case_idx" ON "case_compensations" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reimbursements_one_pending_per_case" ON "reimbursements" USING btree ("case_id") WHERE "reimbursements"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "reimbursements_requested_idx" ON "reimbursements" USING btree ("requested_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reimbursements_bank_requested_idx" ON "reimbursements" USING btree ("bank_id","requested_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reimbursements_status_idx" ON "reimbursements" USING btree ("status","requested_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reimbursements_case_idx" ON "reimbursements" USING btree ("case_id");