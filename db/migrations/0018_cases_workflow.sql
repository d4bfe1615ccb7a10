CREATE TYPE "public"."case_outcome" AS ENUM('confirmed_fraud', 'not_fraud', 'inconclusive');--> statement-breakpoint
CREATE TYPE "public"."case_severity" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."rule_mode" AS ENUM('on', 'shadow', 'off');--> statement-breakpoint
ALTER TYPE "public"."case_event_kind" ADD VALUE 'outcome_set';--> statement-breakpoint
ALTER TYPE "public"."case_event_kind" ADD VALUE 'reopened';--> statement-breakpoint
ALTER TYPE "public"."case_event_kind" ADD VALUE 'severity_changed';--> statement-breakpoint
ALTER TYPE "public"."case_event_kind" ADD VALUE 'snoozed';--> statement-breakpoint
ALTER TYPE "public"."case_event_kind" ADD VALUE 'unsnoozed';--> statement-breakpoint
ALTER TYPE "public"."case_event_kind" ADD VALUE 'incident_attached';--> statement-breakpoint
ALTER TYPE "public"."case_event_kind" ADD VALUE 'rule_hit';--> statement-breakpoint
ALTER TYPE "public"."case_event_kind" ADD VALUE 'transaction_marked';--> statement-breakpoint
ALTER TYPE "public"."case_event_kind" ADD VALUE 'reimbursement_paid';--> statement-breakpoint
CREATE TABLE "case_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage" text NOT NULL,
	"content" "bytea",
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_evidence_sha256_hex" CHECK ("case_evidence"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "case_evidence_size" CHECK ("case_evidence"."size_bytes" >= 0 and "case_evidence"."size_bytes" <= 20971520)
);
--> statement-breakpoint
CREATE TABLE "case_sla_policies" (
	"severity" "case_severity" PRIMARY KEY NOT NULL,
	"hours" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_sla_hours" CHECK ("case_sla_policies"."hours" between 1 and 2160)
);
--> statement-breakpoint
CREATE TABLE "detection_rules" (
	"code" text PRIMARY KEY NOT NULL,
	"mode" "rule_mode" DEFAULT 'shadow' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_hits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_code" text NOT NULL,
	"mode" "rule_mode" NOT NULL,
	"linked_account_id" uuid NOT NULL,
	"bank_id" uuid NOT NULL,
	"case_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_views_user_name" UNIQUE("user_id","name")
);
--> statement-breakpoint
-- Status and outcome apart: a confirmed or rejected case becomes closed with that outcome.
ALTER TABLE "cases" ALTER COLUMN "status" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "outcome" SET DATA TYPE "public"."case_outcome" USING (CASE
  WHEN "status" = 'confirmed_fraud' THEN 'confirmed_fraud'
  WHEN "status" = 'rejected' THEN 'not_fraud'
  WHEN "status" = 'closed' THEN (CASE WHEN "outcome" IN ('confirmed_fraud', 'not_fraud', 'inconclusive') THEN "outcome" ELSE 'inconclusive' END)
END)::"public"."case_outcome";--> statement-breakpoint
UPDATE "cases" SET "status" = 'closed', "closed_at" = coalesce("closed_at", "updated_at") WHERE "status" IN ('confirmed_fraud', 'rejected', 'closed');--> statement-breakpoint
DROP TYPE "public"."case_status";--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('new', 'triage', 'investigating', 'closed');--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "status" SET DATA TYPE "public"."case_status" USING "status"::"public"."case_status";--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "status" SET DEFAULT 'new'::"public"."case_status";--> statement-breakpoint
ALTER TABLE "case_events" ADD COLUMN "version" integer;--> statement-breakpoint
ALTER TABLE "case_transactions" ADD COLUMN "fraudulent" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "severity" "case_severity" DEFAULT 'medium' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "hits" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "source" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reimbursed_yen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "snoozed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "last_activity_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- The SLA of each severity (hours from opening to due), changeable by the carrier's managers.
INSERT INTO "case_sla_policies" ("severity", "hours") VALUES ('critical', 24), ('high', 72), ('medium', 120), ('low', 240);--> statement-breakpoint
UPDATE "cases" SET "due_at" = "opened_at" + interval '120 hours', "last_activity_at" = "updated_at";--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "due_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "case_evidence" ADD CONSTRAINT "case_evidence_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_evidence" ADD CONSTRAINT "case_evidence_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_sla_policies" ADD CONSTRAINT "case_sla_policies_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "detection_rules" ADD CONSTRAINT "detection_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_hits" ADD CONSTRAINT "rule_hits_rule_code_detection_rules_code_fk" FOREIGN KEY ("rule_code") REFERENCES "public"."detection_rules"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_hits" ADD CONSTRAINT "rule_hits_linked_account_id_linked_accounts_id_fk" FOREIGN KEY ("linked_account_id") REFERENCES "public"."linked_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_hits" ADD CONSTRAINT "rule_hits_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_hits" ADD CONSTRAINT "rule_hits_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_evidence_case_idx" ON "case_evidence" USING btree ("case_id","uploaded_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "rule_hits_rule_idx" ON "rule_hits" USING btree ("rule_code","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "rule_hits_link_idx" ON "rule_hits" USING btree ("linked_account_id","rule_code","at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "cases_one_open_per_link" ON "cases" USING btree ("linked_account_id") WHERE "cases"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "cases_assignee_idx" ON "cases" USING btree ("assignee_id","due_at","id");--> statement-breakpoint
CREATE INDEX "cases_open_due_idx" ON "cases" USING btree ("due_at","id") WHERE "cases"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "cases_open_bank_due_idx" ON "cases" USING btree ("bank_id","due_at","id") WHERE "cases"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "cases_activity_idx" ON "cases" USING btree ("last_activity_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_loss_idx" ON "cases" USING btree ("loss_yen" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_opened_idx" ON "cases" USING btree ("opened_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "case_outcome_when_closed" CHECK (("cases"."status" = 'closed') = ("cases"."outcome" is not null));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "case_amounts_not_negative" CHECK ("cases"."loss_yen" >= 0 and "cases"."confirmed_loss_yen" >= 0 and "cases"."reimbursed_yen" >= 0);