-- Event ids are unique per sending organisation: one organisation's key can no longer claim ids
-- another will send. Existing rows take their key's organisation (the carrier's when the key is
-- unknown). transactions.external_event_id stays as evidence, no longer unique on its own.
ALTER TABLE "transactions" DROP CONSTRAINT "transactions_externalEventId_unique";--> statement-breakpoint
ALTER TABLE "wallet_events" ADD COLUMN "org_id" uuid;--> statement-breakpoint
UPDATE "wallet_events" e SET "org_id" = k."org_id" FROM "api_keys" k WHERE k."id" = e."api_key_id";--> statement-breakpoint
UPDATE "wallet_events" SET "org_id" = (SELECT "id" FROM "organisations" WHERE "kind" = 'carrier' ORDER BY "created_at" LIMIT 1) WHERE "org_id" IS NULL;--> statement-breakpoint
DELETE FROM "wallet_events" WHERE "org_id" IS NULL;--> statement-breakpoint
ALTER TABLE "wallet_events" ALTER COLUMN "org_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "wallet_events" DROP CONSTRAINT "wallet_events_pkey";--> statement-breakpoint
ALTER TABLE "wallet_events" ADD CONSTRAINT "wallet_events_org_id_event_id_pk" PRIMARY KEY("org_id","event_id");
