CREATE TABLE "analytics_case_rollups" (
	"bank_id" uuid NOT NULL,
	"incident_key" uuid NOT NULL,
	"opened_day" date NOT NULL,
	"closed_day" date NOT NULL,
	"due_day" date NOT NULL,
	"outcome" text NOT NULL,
	"compensation" text NOT NULL,
	"sla_breached" boolean NOT NULL,
	"cases" bigint DEFAULT 0 NOT NULL,
	"loss_yen" bigint DEFAULT 0 NOT NULL,
	"reimbursed_yen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_case_rollups_opened_day_bank_id_incident_key_closed_day_due_day_outcome_compensation_sla_breached_pk" PRIMARY KEY("opened_day","bank_id","incident_key","closed_day","due_day","outcome","compensation","sla_breached")
);
--> statement-breakpoint
CREATE TABLE "analytics_case_state" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"bank_id" uuid NOT NULL,
	"incident_key" uuid NOT NULL,
	"opened_day" date NOT NULL,
	"closed_day" date NOT NULL,
	"due_day" date NOT NULL,
	"outcome" text NOT NULL,
	"compensation" text NOT NULL,
	"sla_breached" boolean NOT NULL,
	"loss_yen" bigint NOT NULL,
	"reimbursed_yen" bigint NOT NULL,
	"spend" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_decision_rollups" (
	"day" date NOT NULL,
	"bank_id" uuid NOT NULL,
	"operation" text NOT NULL,
	"outcome" text NOT NULL,
	"decisions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_decision_rollups_day_bank_id_operation_outcome_pk" PRIMARY KEY("day","bank_id","operation","outcome")
);
--> statement-breakpoint
CREATE TABLE "analytics_link_rollups" (
	"day" date NOT NULL,
	"bank_id" uuid NOT NULL,
	"verification" text NOT NULL,
	"links" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_link_rollups_day_bank_id_verification_pk" PRIMARY KEY("day","bank_id","verification")
);
--> statement-breakpoint
CREATE TABLE "analytics_spend_rollups" (
	"day" date NOT NULL,
	"bank_id" uuid NOT NULL,
	"incident_key" uuid NOT NULL,
	"category" text NOT NULL,
	"yen" bigint DEFAULT 0 NOT NULL,
	"payments" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_spend_rollups_day_bank_id_incident_key_category_pk" PRIMARY KEY("day","bank_id","incident_key","category")
);
--> statement-breakpoint
CREATE INDEX "analytics_case_rollups_closed_idx" ON "analytics_case_rollups" USING btree ("closed_day");