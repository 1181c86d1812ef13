import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { connect, type DbHandle } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { freePort } from "@/test/free-port";

/** A fresh, migrated database for a benchmark: on DATABASE_URL's server if set, else embedded in a temp dir. */
export async function benchDatabase(): Promise<DbHandle & { drop: () => Promise<void> }> {
  let adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  let stop = async () => {};
  let dir: string | null = null;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), "portier-bench-db-"));
    chmodSync(dir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort() });
    adminUrl = pg.url;
    stop = pg.stop;
  }
  const name = `portier_bench_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const handle = connect(u.toString(), 10);
  await runMigrations(handle.db);
  return {
    ...handle,
    drop: async () => {
      await handle.pool.end();
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      await stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
