-- A holder-name search first counts its matches (lib/accounts/query.ts holderCondition): with the
-- link id in the index, that probe is an index-only scan instead of a heap row per match.
DROP INDEX "linked_accounts_holder_idx";--> statement-breakpoint
CREATE INDEX "linked_accounts_holder_idx" ON "linked_accounts" USING btree ("holder_name_search" text_pattern_ops) INCLUDE ("id");
