import "server-only";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import type { PgTransaction } from "drizzle-orm/pg-core";
import type { NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { Pool } from "pg";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = NodePgDatabase<Schema>;
export type Tx = PgTransaction<NodePgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export type DbHandle = { db: Db; pool: Pool; url: string };

/** One pool per URL; callers own its lifetime (tests end it, the server keeps it). */
export function connect(url: string, max = 10): DbHandle {
  const pool = new Pool({ connectionString: url, max });
  // An idle client losing its server (restart, kill) must not crash the process.
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  return { db: drizzle(pool, { schema }), pool, url };
}
