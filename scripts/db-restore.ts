// `npm run db:restore -- FILE [--secrets FILE] [--force]`
// Restores a dump made by `npm run db:backup` into an EMPTY database (embedded or DATABASE_URL),
// then applies this version's newer migrations. --force replaces a database that holds data.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { isEmptyDatabase, restoreDatabase, tableRowCounts } from "@/db/backup/backup";
import { openToolDatabase } from "@/db/tool-database";
import { localSecretsFile } from "@/lib/env";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { secrets: { type: "string" }, force: { type: "boolean", default: false } },
});

async function main() {
  const file = positionals[0];
  if (!file || !existsSync(file)) {
    console.error("usage: npm run db:restore -- <dump file> [--secrets <secrets file>] [--force]");
    process.exit(2);
  }
  if (values.secrets) {
    const target = localSecretsFile();
    if (existsSync(target) && readFileSync(target, "utf8") !== readFileSync(values.secrets, "utf8") && !values.force) {
      console.error(`[restore] ${target} exists and differs from ${values.secrets}; --force replaces it`);
      process.exit(4);
    }
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(values.secrets, target);
    chmodSync(target, 0o600);
    console.log(`[restore] local secrets ← ${values.secrets}`);
  }
  const db = await openToolDatabase();
  try {
    if (db.inUse) {
      console.error("[restore] the database is in use (the app or a worker is running): stop them first.");
      process.exitCode = 3;
      return;
    }
    if (!(await isEmptyDatabase(db.url))) {
      if (!values.force) {
        console.error(
          "[restore] the database is not empty; refusing to overwrite it. Restore into a new database (a fresh\n" +
            "          DATA_DIR or an empty DATABASE_URL), or pass --force to DROP everything in it first.",
        );
        process.exitCode = 5;
        return;
      }
      console.warn("[restore] --force: dropping the existing data");
    }
    const r = await restoreDatabase(db.url, file);
    const counts = await tableRowCounts(db.url);
    console.log(`[restore] ${file} → ${db.mode} database (${r.tool})`);
    console.log(
      `[restore] ${counts.length} tables, ${counts.reduce((s, t) => s + t.rows, 0)} rows: ${counts
        .filter((t) => t.rows)
        .map((t) => `${t.name} ${t.rows}`)
        .join(", ")}`,
    );
    console.log("[restore] next: npm run audit:verify, then start the app (it resyncs every lock first).");
  } finally {
    await db.stop();
  }
}
void main().catch((error) => {
  console.error("[restore] failed:", (error as Error).message);
  process.exit(1);
});
