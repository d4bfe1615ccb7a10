DROP INDEX "linked_accounts_bank_linked_idx";--> statement-breakpoint
DROP INDEX "linked_accounts_status_idx";--> statement-breakpoint
DROP INDEX "transactions_bank_idx";--> statement-breakpoint
CREATE INDEX "linked_accounts_bank_linked_idx" ON "linked_accounts" USING btree ("bank_id","linked_at" DESC NULLS LAST,"id" DESC NULLS LAST,"verification");--> statement-breakpoint
CREATE INDEX "linked_accounts_status_idx" ON "linked_accounts" USING btree ("bank_id","status","linked_at" DESC NULLS LAST,"id" DESC NULLS LAST,"verification");--> statement-breakpoint
CREATE INDEX "transactions_bank_idx" ON "transactions" USING btree ("bank_id","occurred_at" DESC NULLS LAST,"kind","amount_yen","linked_account_id");