import { openDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";

const handle = await openDatabase({ url: process.env.DATABASE_URL || undefined });
try {
  await migrateDatabase(handle);
  console.log(`migrations applied (${handle.driver})`);
} finally {
  await handle.close();
}
