import "server-only";
import path from "node:path";
import { sql } from "drizzle-orm";
import { readMigrationFiles, type MigrationMeta } from "drizzle-orm/migrator";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { Db } from "./client";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** The migrations this build of Portier knows, oldest first (drizzle-kit's journal order). */
export const knownMigrations = (): MigrationMeta[] => readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });

export type AppliedMigration = { hash: string; createdAt: number };

/** What drizzle recorded as applied in this database (empty for a fresh one). */
export async function appliedMigrations(db: Db): Promise<AppliedMigration[]> {
  const exists = await db.execute<{ ok: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`,
  );
  if (!exists.rows[0]?.ok) return [];
  const rows = await db.execute<{ hash: string; created_at: string }>(
    sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at, id`,
  );
  return rows.rows.map((r) => ({ hash: r.hash, createdAt: Number(r.created_at) }));
}

export class DatabaseNewerThanAppError extends Error {}

/**
 * An older Portier must never run against a schema a newer one migrated: its queries may write rows
 * the new columns and constraints do not expect, and drizzle would silently apply nothing. Compared
 * by count and by the newest migration's timestamp (file names may be renumbered at merge time; the
 * journal's timestamps are not).
 */
export function assertNotNewer(applied: AppliedMigration[], known: MigrationMeta[]): void {
  const newestKnown = Math.max(0, ...known.map((m) => m.folderMillis));
  const unknown = applied.filter((a) => a.createdAt > newestKnown);
  if (applied.length > known.length || unknown.length > 0) {
    throw new DatabaseNewerThanAppError(
      `This database was upgraded by a newer Portier: it has ${applied.length} migrations applied, ` +
        `this version knows ${known.length}${unknown.length ? ` (${unknown.length} newer than any it knows)` : ""}. ` +
        "Refusing to start, so nothing is written in a shape the newer schema does not expect. " +
        "Run the newer Portier, or restore a backup taken by this version (npm run db:restore).",
    );
  }
}

/**
 * Applies the first `count` known migrations exactly as drizzle would (same statements, same
 * bookkeeping row), so drizzle's own migrate() later continues from there. Used by restore (a dump
 * is loaded into the schema it was taken from, then upgraded) and by the previous-schema test.
 */
export async function applyMigrationsUpTo(db: Db, count: number): Promise<void> {
  const known = knownMigrations();
  if (count > known.length) throw new Error(`only ${known.length} migrations are known, ${count} asked`);
  await db.execute(sql`create schema if not exists drizzle`);
  await db.execute(
    sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
  );
  const done = new Set((await appliedMigrations(db)).map((a) => a.createdAt));
  await db.transaction(async (tx) => {
    for (const m of known.slice(0, count)) {
      if (done.has(m.folderMillis)) continue;
      for (const statement of m.sql) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${m.hash}, ${m.folderMillis})`,
      );
    }
  });
}

/** Applies committed drizzle-kit migrations; safe to call on every start (drizzle tracks what ran). */
export async function runMigrations(db: Db): Promise<void> {
  assertNotNewer(await appliedMigrations(db), knownMigrations());
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
