CREATE TYPE "public"."account_type" AS ENUM('ordinary', 'current', 'savings');--> statement-breakpoint
CREATE TYPE "public"."api_key_scope" AS ENUM('decisions', 'events', 'read');--> statement-breakpoint
CREATE TYPE "public"."approval_decision" AS ENUM('approve', 'reject');--> statement-breakpoint
CREATE TYPE "public"."case_event_kind" AS ENUM('opened', 'status_changed', 'assigned', 'note', 'evidence_added', 'transaction_linked', 'transaction_unlinked', 'reimbursement_proposed', 'reimbursement_decided');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('new', 'triage', 'investigating', 'confirmed_fraud', 'rejected', 'closed');--> statement-breakpoint
CREATE TYPE "public"."control_kind" AS ENUM('registrations', 'charges');--> statement-breakpoint
CREATE TYPE "public"."control_request_status" AS ENUM('pending', 'approved', 'rejected', 'applied', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."control_state" AS ENUM('open', 'strong_only', 'suspended');--> statement-breakpoint
CREATE TYPE "public"."decision_operation" AS ENUM('link', 'charge');--> statement-breakpoint
CREATE TYPE "public"."decision_outcome" AS ENUM('allow', 'deny');--> statement-breakpoint
CREATE TYPE "public"."incident_status" AS ENUM('open', 'contained', 'closed');--> statement-breakpoint
CREATE TYPE "public"."link_status" AS ENUM('active', 'frozen', 'removed');--> statement-breakpoint
CREATE TYPE "public"."merchant_category" AS ENUM('convenience_store', 'home_appliances', 'online', 'other');--> statement-breakpoint
CREATE TYPE "public"."org_kind" AS ENUM('carrier', 'bank');--> statement-breakpoint
CREATE TYPE "public"."reimbursement_status" AS ENUM('proposed', 'approved', 'rejected', 'paid', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('bank_operator', 'investigator', 'manager', 'admin', 'auditor');--> statement-breakpoint
CREATE TYPE "public"."transaction_kind" AS ENUM('charge', 'payment', 'transfer', 'refund');--> statement-breakpoint
CREATE TYPE "public"."user_status" AS ENUM('active', 'disabled');--> statement-breakpoint
CREATE TYPE "public"."verification_method" AS ENUM('pin_only', 'otp', 'identity_document');--> statement-breakpoint
CREATE TYPE "public"."wallet_status" AS ENUM('active', 'frozen', 'closed');--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "org_kind" NOT NULL,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"bank_code" char(4),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_bankCode_unique" UNIQUE("bank_code"),
	CONSTRAINT "bank_has_code" CHECK (("organisations"."kind" = 'bank') = ("organisations"."bank_code" IS NOT NULL)),
	CONSTRAINT "bank_code_digits" CHECK ("organisations"."bank_code" IS NULL OR "organisations"."bank_code" ~ '^[0-9]{4}$')
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"email" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "staff_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"session_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_reason" text,
	"ip" "inet",
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"totp_secret_enc" text,
	"totp_pending_secret_enc" text,
	"totp_confirmed_at" timestamp with time zone,
	"totp_last_step" bigint,
	"roles" "role"[] NOT NULL,
	"status" "user_status" DEFAULT 'active' NOT NULL,
	"session_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" "api_key_scope"[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "api_keys_keyHash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "linked_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wallet_id" text NOT NULL,
	"bank_id" uuid NOT NULL,
	"branch_code" char(3) NOT NULL,
	"account_type" "account_type" NOT NULL,
	"account_last4" char(4) NOT NULL,
	"account_hash" text NOT NULL,
	"holder_name_kana" text NOT NULL,
	"holder_name_search" text NOT NULL,
	"verification" "verification_method" NOT NULL,
	"status" "link_status" DEFAULT 'active' NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "branch_code_digits" CHECK ("linked_accounts"."branch_code" ~ '^[0-9]{3}$'),
	CONSTRAINT "account_last4_digits" CHECK ("linked_accounts"."account_last4" ~ '^[0-9]{4}$')
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "transaction_kind" NOT NULL,
	"wallet_id" text NOT NULL,
	"linked_account_id" uuid,
	"bank_id" uuid,
	"amount_yen" bigint NOT NULL,
	"merchant_name" text,
	"merchant_category" "merchant_category",
	"occurred_at" timestamp with time zone NOT NULL,
	"external_event_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transactions_externalEventId_unique" UNIQUE("external_event_id"),
	CONSTRAINT "amount_positive" CHECK ("transactions"."amount_yen" > 0)
);
--> statement-breakpoint
CREATE TABLE "wallet_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"api_key_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wallets" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"status" "wallet_status" DEFAULT 'active' NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_controls" (
	"bank_id" uuid NOT NULL,
	"control" "control_kind" NOT NULL,
	"state" "control_state" DEFAULT 'open' NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" uuid,
	"reason" text,
	CONSTRAINT "bank_controls_bank_id_control_pk" PRIMARY KEY("bank_id","control")
);
--> statement-breakpoint
CREATE TABLE "control_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bank_id" uuid NOT NULL,
	"control" "control_kind" NOT NULL,
	"to_state" "control_state" NOT NULL,
	"reason" text NOT NULL,
	"scheduled_for" timestamp with time zone,
	"status" "control_request_status" DEFAULT 'pending' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"requested_by" uuid,
	"requested_by_api_key" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "control_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bank_id" uuid NOT NULL,
	"control" "control_kind" NOT NULL,
	"from_state" "control_state" NOT NULL,
	"to_state" "control_state" NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid,
	"changed_by_api_key" uuid,
	"approved_by" uuid,
	"request_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_counters" (
	"bank_id" uuid NOT NULL,
	"operation" "decision_operation" NOT NULL,
	"outcome" "decision_outcome" NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "decision_counters_bank_id_operation_outcome_bucket_start_pk" PRIMARY KEY("bank_id","operation","outcome","bucket_start")
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" "case_event_kind" NOT NULL,
	"body" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_transactions" (
	"case_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"linked_by" uuid,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_transactions_case_id_transaction_id_pk" PRIMARY KEY("case_id","transaction_id")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"bank_id" uuid NOT NULL,
	"linked_account_id" uuid NOT NULL,
	"incident_id" uuid,
	"status" "case_status" DEFAULT 'new' NOT NULL,
	"loss_yen" bigint DEFAULT 0 NOT NULL,
	"confirmed_loss_yen" bigint DEFAULT 0 NOT NULL,
	"assignee_id" uuid,
	"outcome" text,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" "incident_status" DEFAULT 'open' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" bigint,
	"response_body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_scope_key" UNIQUE("scope","key")
);
--> statement-breakpoint
CREATE TABLE "reimbursement_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reimbursement_id" uuid NOT NULL,
	"approver_id" uuid NOT NULL,
	"decision" "approval_decision" NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_decision_per_approver" UNIQUE("reimbursement_id","approver_id")
);
--> statement-breakpoint
CREATE TABLE "reimbursements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"bank_id" uuid NOT NULL,
	"amount_yen" bigint NOT NULL,
	"status" "reimbursement_status" DEFAULT 'proposed' NOT NULL,
	"reason" text NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reimbursement_amount_positive" CHECK ("reimbursements"."amount_yen" > 0),
	CONSTRAINT "maker_is_not_checker" CHECK ("reimbursements"."decided_by" IS NULL OR "reimbursements"."decided_by" <> "reimbursements"."proposed_by")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_api_key_id" uuid,
	"actor_label" text NOT NULL,
	"org_id" uuid,
	"bank_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"ip" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_bank_rollups" (
	"day" date NOT NULL,
	"bank_id" uuid NOT NULL,
	"charges_count" bigint DEFAULT 0 NOT NULL,
	"charges_yen" bigint DEFAULT 0 NOT NULL,
	"payments_yen" bigint DEFAULT 0 NOT NULL,
	"new_links" bigint DEFAULT 0 NOT NULL,
	"cases_opened" bigint DEFAULT 0 NOT NULL,
	"fraud_loss_yen" bigint DEFAULT 0 NOT NULL,
	"reimbursed_yen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_bank_rollups_day_bank_id_pk" PRIMARY KEY("day","bank_id")
);
--> statement-breakpoint
CREATE TABLE "daily_category_rollups" (
	"day" date NOT NULL,
	"bank_id" uuid NOT NULL,
	"category" "merchant_category" NOT NULL,
	"fraud_payments_yen" bigint DEFAULT 0 NOT NULL,
	"fraud_payments_count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_category_rollups_day_bank_id_category_pk" PRIMARY KEY("day","bank_id","category")
);
--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linked_accounts" ADD CONSTRAINT "linked_accounts_wallet_id_wallets_id_fk" FOREIGN KEY ("wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linked_accounts" ADD CONSTRAINT "linked_accounts_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_wallet_id_wallets_id_fk" FOREIGN KEY ("wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_linked_account_id_linked_accounts_id_fk" FOREIGN KEY ("linked_account_id") REFERENCES "public"."linked_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_controls" ADD CONSTRAINT "bank_controls_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_controls" ADD CONSTRAINT "bank_controls_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_change_requests" ADD CONSTRAINT "control_change_requests_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_change_requests" ADD CONSTRAINT "control_change_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_change_requests" ADD CONSTRAINT "control_change_requests_requested_by_api_key_api_keys_id_fk" FOREIGN KEY ("requested_by_api_key") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_change_requests" ADD CONSTRAINT "control_change_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_changes" ADD CONSTRAINT "control_changes_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_changes" ADD CONSTRAINT "control_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_changes" ADD CONSTRAINT "control_changes_changed_by_api_key_api_keys_id_fk" FOREIGN KEY ("changed_by_api_key") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_changes" ADD CONSTRAINT "control_changes_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_counters" ADD CONSTRAINT "decision_counters_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_transactions" ADD CONSTRAINT "case_transactions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_transactions" ADD CONSTRAINT "case_transactions_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_transactions" ADD CONSTRAINT "case_transactions_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_linked_account_id_linked_accounts_id_fk" FOREIGN KEY ("linked_account_id") REFERENCES "public"."linked_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursement_approvals" ADD CONSTRAINT "reimbursement_approvals_reimbursement_id_reimbursements_id_fk" FOREIGN KEY ("reimbursement_id") REFERENCES "public"."reimbursements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursement_approvals" ADD CONSTRAINT "reimbursement_approvals_approver_id_users_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursements" ADD CONSTRAINT "reimbursements_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursements" ADD CONSTRAINT "reimbursements_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursements" ADD CONSTRAINT "reimbursements_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reimbursements" ADD CONSTRAINT "reimbursements_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_bank_rollups" ADD CONSTRAINT "daily_bank_rollups_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_category_rollups" ADD CONSTRAINT "daily_category_rollups_bank_id_organisations_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisations_kind_idx" ON "organisations" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "staff_sessions_user_idx" ON "staff_sessions" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "users_org_idx" ON "users" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "api_keys_org_idx" ON "api_keys" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "linked_accounts_bank_created_idx" ON "linked_accounts" USING btree ("bank_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "linked_accounts_bank_linked_idx" ON "linked_accounts" USING btree ("bank_id","linked_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "linked_accounts_linked_idx" ON "linked_accounts" USING btree ("linked_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "linked_accounts_wallet_idx" ON "linked_accounts" USING btree ("wallet_id");--> statement-breakpoint
CREATE INDEX "linked_accounts_hash_idx" ON "linked_accounts" USING btree ("account_hash");--> statement-breakpoint
CREATE INDEX "linked_accounts_last4_idx" ON "linked_accounts" USING btree ("account_last4");--> statement-breakpoint
CREATE INDEX "linked_accounts_holder_idx" ON "linked_accounts" USING btree ("holder_name_search");--> statement-breakpoint
CREATE INDEX "transactions_link_idx" ON "transactions" USING btree ("linked_account_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_wallet_idx" ON "transactions" USING btree ("wallet_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_bank_idx" ON "transactions" USING btree ("bank_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "wallets_email_idx" ON "wallets" USING btree ("email");--> statement-breakpoint
CREATE INDEX "control_change_requests_bank_idx" ON "control_change_requests" USING btree ("bank_id","status","requested_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "control_changes_bank_idx" ON "control_changes" USING btree ("bank_id","changed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "case_transactions_tx_idx" ON "case_transactions" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "cases_bank_created_idx" ON "cases" USING btree ("bank_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_status_idx" ON "cases" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_link_idx" ON "cases" USING btree ("linked_account_id");--> statement-breakpoint
CREATE INDEX "cases_incident_idx" ON "cases" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "reimbursements_bank_idx" ON "reimbursements" USING btree ("bank_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reimbursements_case_idx" ON "reimbursements" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "reimbursements_status_idx" ON "reimbursements" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_org_idx" ON "audit_log" USING btree ("org_id","seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_bank_idx" ON "audit_log" USING btree ("bank_id","seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");