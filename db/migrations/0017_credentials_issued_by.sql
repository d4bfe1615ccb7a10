ALTER TABLE "users" ADD COLUMN "credentials_issued_by" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_credentials_issued_by_users_id_fk" FOREIGN KEY ("credentials_issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The people created or reset before: the issuer is whoever the audit trail names for the last of those.
UPDATE "users" SET "credentials_issued_by" = (
	SELECT a."actor_user_id" FROM "audit_log" a
	WHERE a."entity_type" = 'user' AND a."entity_id" = "users"."id"::text
		AND a."action" IN ('users.created', 'users.password_reset') AND a."actor_user_id" IS NOT NULL
	ORDER BY a."seq" DESC LIMIT 1
);
