// `npm run keys:rotate-code-key`: re-seals every keypad code and webhook secret under a new
// CODE_ENCRYPTION_KEY. Stop the app and workers first. Resumable: run it again after an interruption.
//
//   with keys in the environment:  CODE_ENCRYPTION_KEY=<new> CODE_ENCRYPTION_KEY_OLD=<old> npm run keys:rotate-code-key
//   demo / local secrets.json:     npm run keys:rotate-code-key   (generates the new key itself)
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { connect } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { openToolDatabase } from "@/db/tool-database";
import { createCodeVault } from "@/lib/access/codes/code-vault";
import { rotateCodeKey } from "@/lib/access/codes/rotate-code-key";
import { codeEncryptionKey, env, localSecretsFile, oldCodeEncryptionKeys, readLocalSecrets } from "@/lib/env";

const force = process.argv.includes("--force");

function prepareKeys(): void {
  if (env().CODE_ENCRYPTION_KEY) {
    if (!env().CODE_ENCRYPTION_KEY_OLD) {
      console.error(
        "CODE_ENCRYPTION_KEY is set, so the new key comes from you: set CODE_ENCRYPTION_KEY to the NEW key and\n" +
          "CODE_ENCRYPTION_KEY_OLD to the current one (e.g. a new key: `openssl rand -hex 32`), then run this again.",
      );
      process.exit(2);
    }
    return;
  }
  // Local secrets: keep the old key beside the new one until every value is re-sealed.
  const stored = readLocalSecrets();
  if (!stored.codeKeyOld && stored.codeKey) {
    stored.codeKeyOld = stored.codeKey;
    stored.codeKey = randomBytes(32).toString("hex");
    writeFileSync(localSecretsFile(), JSON.stringify(stored, null, 2), { mode: 0o600 });
    console.log(`[keys] new key generated into ${localSecretsFile()} (old key kept there until done)`);
  } else if (stored.codeKeyOld) {
    console.log("[keys] resuming an unfinished rotation");
  }
}

async function main() {
  prepareKeys();
  const db = await openToolDatabase();
  if (db.inUse && !force) {
    console.error(
      "[keys] the database is in use (the app or a worker is running). Stop them first, so nothing seals a\n" +
        "value under the old key while this runs; --force skips this check.",
    );
    await db.stop();
    process.exit(3);
  }
  const handle = connect(db.url, 2);
  try {
    await runMigrations(handle.db);
    const vault = createCodeVault(codeEncryptionKey(), oldCodeEncryptionKeys());
    const report = await rotateCodeKey(handle.db, vault, {
      afterBatch: (n) => console.log(`[keys] batch ${n} committed`),
    });
    console.log(
      `[keys] ${db.mode} database: re-sealed ${report.customers} customer codes, ${report.grants} grant codes ` +
        `(fingerprints recomputed), ${report.webhookSecrets} webhook secrets under key ${report.keyId}; ` +
        `${report.remaining} left under an old key.`,
    );
    if (report.remaining > 0) {
      console.error("[keys] not finished: run the command again (the old key must stay configured until it says done)");
      process.exitCode = 1;
    } else {
      if (!env().CODE_ENCRYPTION_KEY) {
        const stored = readLocalSecrets();
        delete stored.codeKeyOld;
        writeFileSync(localSecretsFile(), JSON.stringify(stored, null, 2), { mode: 0o600 });
      }
      console.log(
        `[keys] done. ${report.foreignFingerprintsCleared} doors' foreign-code fingerprints cleared; the next resync reads them again.\n` +
          (env().CODE_ENCRYPTION_KEY
            ? "Start the app with the new CODE_ENCRYPTION_KEY and remove CODE_ENCRYPTION_KEY_OLD. Back up the new key (apart from the dumps)."
            : "The old key was removed from secrets.json. Back up secrets.json again (apart from the dumps)."),
      );
    }
  } finally {
    await handle.pool.end();
    await db.stop();
  }
}
void main().catch((error) => {
  console.error("[keys] failed:", (error as Error).message);
  process.exit(1);
});
