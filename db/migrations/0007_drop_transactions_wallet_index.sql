-- No query reads transactions by wallet (payments carry the wallet's link), and on a large table the index
-- costs each ingested event a random page: events ingestion is what pays for it.
DROP INDEX "transactions_wallet_idx";