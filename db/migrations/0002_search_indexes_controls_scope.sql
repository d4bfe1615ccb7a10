ALTER TYPE "public"."api_key_scope" ADD VALUE 'controls';--> statement-breakpoint
DROP INDEX "linked_accounts_holder_idx";--> statement-breakpoint
DROP INDEX "wallets_email_idx";--> statement-breakpoint
CREATE INDEX "linked_accounts_status_idx" ON "linked_accounts" USING btree ("bank_id","status","linked_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "linked_accounts_holder_idx" ON "linked_accounts" USING btree ("holder_name_search" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "wallets_email_idx" ON "wallets" USING btree ("email" text_pattern_ops);