ALTER TABLE "rule_hits" ADD COLUMN "match_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "rule_hits_once" ON "rule_hits" USING btree ("rule_code","linked_account_id","match_key");--> statement-breakpoint
-- The four detection rules with their default parameters (lib/rules/constants.ts holds the same
-- defaults for a table without rows), in shadow: they record what they would open until a
-- carrier manager turns them on.
INSERT INTO "detection_rules" ("code", "mode", "params") VALUES
  ('pin_then_charge', 'shadow', '{"windowHours": 24, "severity": "high"}'),
  ('multi_bank_identity', 'shadow', '{"windowDays": 7, "minBanks": 2, "matchOn": ["email", "device"], "severity": "high"}'),
  ('cash_out', 'shadow', '{"windowMinutes": 60, "spendPercent": 80, "categories": ["convenience_store", "home_appliances"], "severity": "critical"}'),
  ('link_burst', 'shadow', '{"windowMinutes": 60, "excessLinks": 5, "baselineDays": 28, "severity": "medium"}')
ON CONFLICT ("code") DO NOTHING;
