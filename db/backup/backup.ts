import "server-only";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { Client } from "pg";
import { connect } from "../client";
import { runMigrations } from "../migrate";
import { findPgTools, serverMajor } from "./pg-tools";
import { restoreLogicalDump, writeLogicalDump } from "./logical-dump";

export type BackupFormat = "pg_dump" | "logical";
export type BackupResult = {
  file: string;
  format: BackupFormat;
  tool: string;
  bytes: number;
  sha256: string;
  tables: number;
  rows: number;
};

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/**
 * A consistent dump of `url` into `file`: pg_dump's custom format when a pg_dump for this server
 * is installed, else Portier's logical dump (also one snapshot). `prefer` forces one.
 */
export async function backupDatabase(url: string, file: string, prefer?: BackupFormat): Promise<BackupResult> {
  const major = await serverMajor(url);
  const tools = prefer === "logical" ? null : findPgTools(major);
  if (prefer === "pg_dump" && !tools)
    throw new Error(`no pg_dump for PostgreSQL ${major} on this machine (set PG_BIN_DIR)`);
  let tables = 0;
  let rows = 0;
  let tool: string;
  if (tools) {
    execFileSync(tools.pgDump, ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, url], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    tool = `${tools.pgDump} (PostgreSQL ${tools.major})`;
    const counts = await tableRowCounts(url);
    tables = counts.length;
    rows = counts.reduce((s, t) => s + t.rows, 0);
  } else {
    const header = await writeLogicalDump(url, file);
    tool = `Portier logical dump (no pg_dump for PostgreSQL ${major} installed)`;
    tables = header.tables.length;
    rows = header.tables.reduce((s, t) => s + t.rows, 0);
  }
  return {
    file,
    format: tools ? "pg_dump" : "logical",
    tool,
    bytes: statSync(file).size,
    sha256: sha256(file),
    tables,
    rows,
  };
}

export async function tableRowCounts(url: string): Promise<{ name: string; rows: number }[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' order by 1",
    );
    const out: { name: string; rows: number }[] = [];
    for (const t of tables.rows) {
      const r = await c.query<{ n: number }>(`select count(*)::int as n from "${t.name}"`);
      out.push({ name: t.name, rows: r.rows[0]!.n });
    }
    return out;
  } finally {
    await c.end();
  }
}

/** Empty = no rows in any table (a database this version migrated but never used counts as empty). */
export async function isEmptyDatabase(url: string): Promise<boolean> {
  return (await tableRowCounts(url)).every((t) => t.rows === 0);
}

/** Drops everything Portier created (its tables, types, functions and migration bookkeeping). */
export async function wipeDatabase(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("drop schema if exists drizzle cascade");
    await c.query("drop schema if exists public cascade");
    await c.query("create schema public");
  } finally {
    await c.end();
  }
}

export function formatOf(file: string): BackupFormat {
  const head = readFileSync(file).subarray(0, 5);
  if (head.toString("latin1") === "PGDMP") return "pg_dump";
  if (head[0] === 0x1f && head[1] === 0x8b) return "logical";
  throw new Error(`${file} is neither a pg_dump custom-format file nor a Portier logical dump`);
}

/** Restores `file` into the (already emptied) database at `url`, then applies this version's newer migrations. */
export async function restoreDatabase(url: string, file: string): Promise<{ format: BackupFormat; tool: string }> {
  const format = formatOf(file);
  await wipeDatabase(url);
  if (format === "logical") {
    await restoreLogicalDump(url, file);
    return { format, tool: "Portier logical restore" };
  }
  const tools = findPgTools(await serverMajor(url));
  if (!tools)
    throw new Error("this is a pg_dump file, but no pg_restore for this server is installed (set PG_BIN_DIR)");
  // The wipe left an empty public schema, and pg_restore needs it: pg_dump does not emit CREATE
  // SCHEMA public (it treats that schema as always present), so dropping it made every restore fail.
  execFileSync(
    tools.pgRestore,
    ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${url}`, file],
    {
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const handle = connect(url, 1);
  try {
    await runMigrations(handle.db);
  } finally {
    await handle.pool.end();
  }
  return { format, tool: `${tools.pgRestore} (PostgreSQL ${tools.major})` };
}
