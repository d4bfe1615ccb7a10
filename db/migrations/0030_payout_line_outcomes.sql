CREATE TYPE "public"."payout_line_status" AS ENUM('sent', 'paid', 'returned');--> statement-breakpoint
ALTER TYPE "public"."case_event_kind" ADD VALUE 'reimbursement_returned';--> statement-breakpoint
ALTER TABLE "payout_lines" DROP CONSTRAINT "payout_line_once_per_reimbursement";--> statement-breakpoint
ALTER TABLE "payout_lines" ADD COLUMN "status" "payout_line_status" DEFAULT 'sent' NOT NULL;--> statement-breakpoint
ALTER TABLE "payout_lines" ADD COLUMN "bank_reference" text;--> statement-breakpoint
ALTER TABLE "payout_lines" ADD COLUMN "return_reason" text;--> statement-breakpoint
ALTER TABLE "payout_lines" ADD COLUMN "settled_by" uuid;--> statement-breakpoint
ALTER TABLE "payout_lines" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payout_lines" ADD CONSTRAINT "payout_lines_settled_by_users_id_fk" FOREIGN KEY ("settled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payout_line_once_per_reimbursement" ON "payout_lines" USING btree ("reimbursement_id") WHERE "payout_lines"."status" <> 'returned';--> statement-breakpoint
CREATE INDEX "payout_lines_reimbursement_idx" ON "payout_lines" USING btree ("reimbursement_id");--> statement-breakpoint
ALTER TABLE "payout_lines" ADD CONSTRAINT "payout_line_settlement" CHECK (("payout_lines"."status" = 'sent' and "payout_lines"."settled_at" is null) or ("payout_lines"."status" = 'paid' and "payout_lines"."bank_reference" is not null and "payout_lines"."settled_at" is not null) or ("payout_lines"."status" = 'returned' and "payout_lines"."return_reason" is not null and "payout_lines"."settled_at" is not null));