import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { connect, type DbHandle } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { createDatabase, dropDatabase } from "@/test/database";
import { freePort } from "@/test/free-port";

/** A fresh, migrated database for a benchmark: on BENCH_DATABASE_URL/DATABASE_URL's server if set, else embedded in a temp dir. */
export async function benchDatabase(): Promise<DbHandle & { drop: () => Promise<void> }> {
  let adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  let stop = async () => {};
  let dir: string | null = null;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), "portier-bench-db-"));
    chmodSync(dir, 0o755);
    // BENCH_PG_PORT pins the port on a shared machine; else a free one.
    const port = Number(process.env.BENCH_PG_PORT ?? 0) || (await freePort());
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port });
    adminUrl = pg.url;
    stop = pg.stop;
  }
  const name = `portier_bench_${Date.now()}`;
  const handle = connect(await createDatabase(adminUrl, name), 10);
  await runMigrations(handle.db);
  return {
    ...handle,
    drop: async () => {
      await handle.pool.end();
      await dropDatabase(adminUrl!, name);
      await stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
