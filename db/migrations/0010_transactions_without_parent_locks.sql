-- Foreign keys from transactions to wallets and linked_accounts lock the parent rows on every
-- insert (FOR KEY SHARE: a write with WAL, often a full-page image, on a random page of each
-- parent): about 40% of the cost of an events batch's 1,000-row insert at 10 million rows. The
-- events ingestion (lib/events/ingest.ts, the only writer beside the seed) resolves the wallet and
-- the link in the same transaction, and the console never deletes either (a link is removed by its
-- status: it is evidence). What the foreign keys also guarded, deleting a wallet or link that
-- transactions name, is refused by the triggers below, once per DELETE statement.
ALTER TABLE "transactions" DROP CONSTRAINT "transactions_wallet_id_wallets_id_fk";
--> statement-breakpoint
ALTER TABLE "transactions" DROP CONSTRAINT "transactions_linked_account_id_linked_accounts_id_fk";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refuse_deleting_transacting_parents() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'wallets' THEN
    PERFORM 1 FROM transactions t JOIN gone g ON t.wallet_id = g.id LIMIT 1;
  ELSE
    PERFORM 1 FROM transactions t JOIN gone g ON t.linked_account_id = g.id LIMIT 1;
  END IF;
  IF FOUND THEN
    RAISE EXCEPTION 'a row of % that transactions name cannot be deleted', TG_TABLE_NAME
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER wallets_keep_transacting AFTER DELETE ON wallets
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION refuse_deleting_transacting_parents();
--> statement-breakpoint
CREATE TRIGGER linked_accounts_keep_transacting AFTER DELETE ON linked_accounts
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION refuse_deleting_transacting_parents();
