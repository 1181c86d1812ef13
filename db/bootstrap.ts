import "server-only";
import { mkdirSync, chmodSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { connect, type DbHandle } from "./client";
import { startEmbeddedPostgres } from "./embedded";
import { runMigrations } from "./migrate";

type Global = { __portierDb?: Promise<Owned> };
const g = globalThis as unknown as Global;

type Owned = DbHandle & { close: () => Promise<void> };

async function open(): Promise<Owned> {
  const { DATABASE_URL, DATA_DIR, EMBEDDED_PG_PORT } = env();
  let url = DATABASE_URL;
  let stopServer = async () => {};
  if (!url) {
    mkdirSync(DATA_DIR, { recursive: true });
    // The postgres OS user must be able to traverse into the data dir when we run as root.
    chmodSync(DATA_DIR, 0o755);
    const started = Date.now();
    ({ url, stop: stopServer } = await startEmbeddedPostgres({
      dataDir: path.join(DATA_DIR, "pg"),
      port: EMBEDDED_PG_PORT,
    }));
    console.log(`[db] embedded Postgres on 127.0.0.1:${EMBEDDED_PG_PORT} ready in ${Date.now() - started} ms`);
  }
  const handle = connect(url);
  await runMigrations(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.pool.end();
      await stopServer();
    },
  };
}

/**
 * The process-wide database: embedded Postgres unless DATABASE_URL is set, migrated. Seeding the
 * demo building is the runtime's job (lib/runtime/demo), in demo mode only. Kept on globalThis so
 * Next's dev reloads never start a second server; lib/runtime closes it on shutdown.
 */
export function getDbHandle(): Promise<Owned> {
  g.__portierDb ??= open().catch((error) => {
    g.__portierDb = undefined; // let the next request try again instead of caching the failure
    throw error;
  });
  return g.__portierDb;
}

export const getDb = async () => (await getDbHandle()).db;
