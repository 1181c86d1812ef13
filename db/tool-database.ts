import "server-only";
import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { env } from "@/lib/env";
import { startEmbeddedPostgres } from "./embedded";

export type ToolDatabase = {
  url: string;
  mode: "embedded" | "DATABASE_URL";
  /** Another process (a running app or worker) is using this database right now. */
  inUse: boolean;
  stop: () => Promise<void>;
};

const embeddedInUse = (dataDir: string) => {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Other client sessions on the same database (the app, workers, a psql someone left open). */
export async function otherSessions(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'",
    );
    return r.rows[0]!.n;
  } finally {
    await c.end();
  }
}

/**
 * The database the app would use, for an operator's command (backup, restore, key rotation):
 * DATABASE_URL, or the embedded server in DATA_DIR — started for the command if the app is not
 * running, shared if it is. Never migrates or seeds: the command decides what to do.
 */
export async function openToolDatabase(): Promise<ToolDatabase> {
  const { DATABASE_URL, DATA_DIR, EMBEDDED_PG_PORT } = env();
  if (DATABASE_URL) {
    return {
      url: DATABASE_URL,
      mode: "DATABASE_URL",
      inUse: (await otherSessions(DATABASE_URL)) > 0,
      stop: async () => {},
    };
  }
  mkdirSync(DATA_DIR, { recursive: true });
  chmodSync(DATA_DIR, 0o755);
  const dataDir = path.join(DATA_DIR, "pg");
  const shared = embeddedInUse(dataDir);
  const server = await startEmbeddedPostgres({ dataDir, port: EMBEDDED_PG_PORT });
  return {
    url: server.url,
    mode: "embedded",
    inUse: shared || (await otherSessions(server.url)) > 0,
    stop: server.stop,
  };
}
