-- The accounts list walks these indexes in linked-at order and filters as it goes. A holder-name
-- search (a common family name matches about 1.5% of links) then read ~4,700 heap rows for a page
-- of 50. With the filtered columns in the index, the page's ids come from an index-only scan
-- (lib/accounts/query.ts reads ids first, then their rows). drizzle-kit cannot declare INCLUDE:
-- db/schema/accounts.ts names these indexes without it, and this migration is the truth.
DROP INDEX "linked_accounts_linked_idx";--> statement-breakpoint
CREATE INDEX "linked_accounts_linked_idx" ON "linked_accounts" USING btree ("linked_at" DESC NULLS LAST,"id" DESC NULLS LAST) INCLUDE ("holder_name_search","bank_id","status","verification");--> statement-breakpoint
DROP INDEX "linked_accounts_bank_linked_idx";--> statement-breakpoint
CREATE INDEX "linked_accounts_bank_linked_idx" ON "linked_accounts" USING btree ("bank_id","linked_at" DESC NULLS LAST,"id" DESC NULLS LAST,"verification") INCLUDE ("holder_name_search","status");--> statement-breakpoint
DROP INDEX "linked_accounts_status_idx";--> statement-breakpoint
CREATE INDEX "linked_accounts_status_idx" ON "linked_accounts" USING btree ("bank_id","status","linked_at" DESC NULLS LAST,"id" DESC NULLS LAST,"verification") INCLUDE ("holder_name_search");
