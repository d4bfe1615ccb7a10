ALTER TABLE "linked_accounts" ADD COLUMN "device_id" text;--> statement-breakpoint
ALTER TABLE "linked_accounts" ADD COLUMN "ip_address" "inet";--> statement-breakpoint
CREATE INDEX "linked_accounts_device_idx" ON "linked_accounts" USING btree ("device_id","linked_at" DESC NULLS LAST) WHERE "linked_accounts"."device_id" is not null;--> statement-breakpoint
CREATE INDEX "linked_accounts_ip_idx" ON "linked_accounts" USING btree ("ip_address","linked_at" DESC NULLS LAST) WHERE "linked_accounts"."ip_address" is not null;