CREATE TABLE "credential_resets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reset_totp" boolean DEFAULT false NOT NULL,
	"status" "approval_status" DEFAULT 'pending' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "credential_reset_maker_is_not_checker" CHECK ("credential_resets"."status" in ('pending', 'cancelled') or "credential_resets"."decided_by" <> "credential_resets"."requested_by"),
	CONSTRAINT "credential_reset_not_by_its_subject" CHECK ("credential_resets"."decided_by" is null or "credential_resets"."decided_by" <> "credential_resets"."user_id" or "credential_resets"."status" = 'cancelled')
);
--> statement-breakpoint
ALTER TABLE "credential_resets" ADD CONSTRAINT "credential_resets_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_resets" ADD CONSTRAINT "credential_resets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_resets" ADD CONSTRAINT "credential_resets_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_resets" ADD CONSTRAINT "credential_resets_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credential_resets_org_idx" ON "credential_resets" USING btree ("org_id","status","requested_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "credential_resets_one_open_per_user" ON "credential_resets" USING btree ("user_id") WHERE "credential_resets"."status" in ('pending', 'approved');