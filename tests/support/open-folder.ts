// Child process for the lock test: tries to open the PGlite folder given as argv[2].
import { openDatabase } from "@/db";

try {
  const handle = await openDatabase({ dataDir: process.argv[2] });
  await handle.close();
  console.log("OPENED");
} catch (e) {
  console.log(`REFUSED ${(e as Error).name}: ${(e as Error).message}`);
}
