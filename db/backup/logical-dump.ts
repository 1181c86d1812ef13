import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import { Client } from "pg";
import { connect } from "../client";
import { applyMigrationsUpTo, appliedMigrations, assertNotNewer, knownMigrations, runMigrations } from "../migrate";

/**
 * Portier's own logical dump, used when no pg_dump matching the server is installed (the embedded
 * server is PostgreSQL 18; its npm package ships no pg_dump). Every table is read inside ONE
 * repeatable-read, read-only transaction, so the dump is a consistent snapshot like pg_dump's.
 * The schema is not dumped: it is exactly the migrations the header names, which restore applies
 * before loading the rows (then the newer ones this version knows). Rows are kept as PostgreSQL's
 * own JSON text (row_to_json) and never parsed in JavaScript, so bigints and timestamps round-trip
 * exactly; restore hands them back to PostgreSQL (json_populate_recordset).
 *
 * File: gzip of lines — a header JSON, then per table a `{"table": …}` line, its rows, and `\.`.
 */
export const LOGICAL_FORMAT = "portier-logical-v1";

export type DumpHeader = {
  format: typeof LOGICAL_FORMAT;
  createdAt: string;
  serverVersion: string;
  migrations: { hash: string; createdAt: number }[];
  tables: { name: string; rows: number }[];
};

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables in dependency order (referenced before referencing), so rows load without deferring FKs. */
async function tablesInLoadOrder(c: Client): Promise<string[]> {
  const tables = (
    await c.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
    )
  ).rows.map((r) => r.name);
  const deps = (
    await c.query<{ child: string; parent: string }>(
      `select cl.relname as child, pl.relname as parent from pg_constraint k
         join pg_class cl on cl.oid = k.conrelid join pg_class pl on pl.oid = k.confrelid
         join pg_namespace n on n.oid = cl.relnamespace
        where k.contype = 'f' and n.nspname = 'public' and cl.relname <> pl.relname`,
    )
  ).rows;
  const order: string[] = [];
  const pending = new Set(tables);
  while (pending.size) {
    const ready = [...pending].filter((t) => deps.every((d) => d.child !== t || !pending.has(d.parent)));
    if (!ready.length) throw new Error(`foreign keys form a cycle among ${[...pending].join(", ")}`);
    for (const t of ready) {
      order.push(t);
      pending.delete(t);
    }
  }
  return order;
}

export async function writeLogicalDump(url: string, file: string): Promise<DumpHeader> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, "drain");
  };
  try {
    await c.query("begin transaction isolation level repeatable read, read only");
    const handle = { db: (await import("drizzle-orm/node-postgres")).drizzle(c) };
    const migrations = await appliedMigrations(handle.db as never);
    const tables = await tablesInLoadOrder(c);
    const counts: DumpHeader["tables"] = [];
    for (const t of tables) {
      const r = await c.query<{ n: number }>(`select count(*)::int as n from ${q(t)}`);
      counts.push({ name: t, rows: r.rows[0]!.n });
    }
    const header: DumpHeader = {
      format: LOGICAL_FORMAT,
      createdAt: new Date().toISOString(),
      serverVersion: (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v,
      migrations,
      tables: counts,
    };
    await write(JSON.stringify(header));
    for (const t of tables) {
      await write(JSON.stringify({ table: t }));
      await c.query(`declare rows_cursor no scroll cursor for select row_to_json(t)::text as j from ${q(t)} t`);
      for (;;) {
        const batch = await c.query<{ j: string }>("fetch 1000 from rows_cursor");
        for (const row of batch.rows) await write(row.j);
        if (batch.rows.length < 1000) break;
      }
      await c.query("close rows_cursor");
      await write("\\.");
    }
    await c.query("commit");
    gzip.end();
    await once(out, "finish");
    return header;
  } catch (error) {
    gzip.destroy();
    out.destroy();
    throw error;
  } finally {
    await c.end();
  }
}

/** Loads a logical dump into an empty database: the dump's migrations, its rows, then this version's newer migrations. */
export async function restoreLogicalDump(url: string, file: string): Promise<DumpHeader> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  const header = JSON.parse(String(first.value)) as DumpHeader;
  if (header.format !== LOGICAL_FORMAT) throw new Error(`not a Portier dump (${String(header.format)})`);
  const known = knownMigrations();
  assertNotNewer(header.migrations, known);
  const handle = connect(url, 1);
  await applyMigrationsUpTo(handle.db, header.migrations.length);
  const c = await handle.pool.connect();
  try {
    // The migrations insert their own default rows (settings); the dump's rows replace them.
    await c.query("begin");
    for (const t of [...header.tables].reverse()) {
      const has = await c.query(`select 1 from ${q(t.name)} limit 1`);
      if (has.rows.length) await c.query(`delete from ${q(t.name)}`);
    }
    let table: string | null = null;
    let batch: string[] = [];
    const flush = async () => {
      if (!table || !batch.length) return;
      await c.query(`insert into ${q(table)} select * from json_populate_recordset(null::${q(table)}, $1::json)`, [
        `[${batch.join(",")}]`,
      ]);
      batch = [];
    };
    for (let next = await it.next(); !next.done; next = await it.next()) {
      const line = String(next.value);
      if (table === null) {
        table = (JSON.parse(line) as { table: string }).table;
      } else if (line === "\\.") {
        await flush();
        table = null;
      } else {
        batch.push(line);
        if (batch.length >= 500) await flush();
      }
    }
    if (table !== null) throw new Error("the dump ends in the middle of a table (truncated file?)");
    // Serial columns continue after the restored ids.
    const serials = await c.query<{ t: string; col: string }>(
      `select table_name as t, column_name as col from information_schema.columns
        where table_schema = 'public' and column_default like 'nextval(%'`,
    );
    for (const s of serials.rows)
      await c.query(
        `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${q(s.col)}) from ${q(s.t)}), 1), (select count(*) > 0 from ${q(s.t)}))`,
        [`public.${q(s.t)}`, s.col],
      );
    for (const t of header.tables) {
      const r = await c.query<{ n: number }>(`select count(*)::int as n from ${q(t.name)}`);
      if (r.rows[0]!.n !== t.rows)
        throw new Error(`${t.name}: ${r.rows[0]!.n} rows restored, the dump holds ${t.rows}`);
    }
    await c.query("commit");
  } catch (error) {
    await c.query("rollback").catch(() => {});
    throw error;
  } finally {
    c.release();
  }
  try {
    await runMigrations(handle.db);
  } finally {
    await handle.pool.end();
  }
  return header;
}
