// `npm run db:backup -- [--out FILE_OR_DIR] [--with-secrets] [--format pg_dump|logical]`
// A consistent dump of Portier's database (embedded or DATABASE_URL); with --with-secrets also the
// local secrets file, written SEPARATELY — keep it apart from the dump (see README, Backups).
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { backupDatabase } from "@/db/backup/backup";
import { openToolDatabase } from "@/db/tool-database";
import { env, localSecretsFile } from "@/lib/env";

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    "with-secrets": { type: "boolean", default: false },
    format: { type: "string" },
  },
});

async function main() {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const target = values.out ?? path.join(process.cwd(), "backups");
  const dir = existsSync(target) && statSync(target).isDirectory() ? target : target.endsWith("/") ? target : null;
  if (dir) mkdirSync(dir, { recursive: true });
  else mkdirSync(path.dirname(target), { recursive: true });
  const partial = dir ? path.join(dir, `portier-${stamp}.partial`) : `${target}.partial`;
  const db = await openToolDatabase();
  try {
    const r = await backupDatabase(db.url, partial, values.format as "pg_dump" | "logical" | undefined);
    const file = dir ? path.join(dir, `portier-${stamp}${r.format === "pg_dump" ? ".dump" : ".portier.gz"}`) : target;
    renameSync(partial, file);
    console.log(`[backup] ${db.mode} database → ${file}`);
    console.log(`[backup] ${r.tables} tables, ${r.rows} rows, ${r.bytes} bytes, sha256 ${r.sha256}`);
    console.log(`[backup] made with ${r.tool}`);
    if (values["with-secrets"]) {
      if (existsSync(localSecretsFile())) {
        const secretsOut = `${file}.secrets.json`;
        copyFileSync(localSecretsFile(), secretsOut);
        chmodSync(secretsOut, 0o600);
        console.log(`[backup] local secrets → ${secretsOut}`);
        console.warn(
          "[backup] WARNING: the secrets file decrypts every keypad code in the dump. Store it APART from the dump\n" +
            "         (another medium, a password manager or secret store) — never in the same place.",
        );
      } else {
        console.log(
          "[backup] no local secrets file: the keys come from your environment; keep them in your secret store.",
        );
      }
    } else if (!env().CODE_ENCRYPTION_KEY) {
      console.log(
        `[backup] keypad codes in the dump are encrypted with the key in ${localSecretsFile()}: back that file up\n` +
          "         too, apart from the dump (npm run db:backup -- --with-secrets writes a copy), or the codes are lost.",
      );
    } else {
      console.log(
        "[backup] codes are encrypted with CODE_ENCRYPTION_KEY: keep it in your secret store, apart from the dump.",
      );
    }
  } finally {
    await db.stop();
  }
}
void main().catch((error) => {
  console.error("[backup] failed:", (error as Error).message);
  process.exit(1);
});
