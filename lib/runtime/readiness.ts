import "server-only";
import { desc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appliedMigrations, knownMigrations } from "@/db/migrate";
import { engineJobs } from "@/db/schema";
import { NukiApiError } from "@/lib/nuki/errors";

/** One dependency's state as a load balancer and a person on call read it: no secrets, no stack traces. */
export type Check = { ok: boolean; detail: string };
export type Readiness = {
  ready: boolean;
  checks: { database: Check; migrations: Check; nuki: Check; reconciler: Check; nukiConnections?: Check };
};

/** A reconciler that has not finished a pass for this long is stuck (a pass sleeps at most ~2 s between). */
export const RECONCILER_STALE_MS = 60_000;
/** Without an in-process reconciler, some worker must have run the minutely notify job this recently. */
export const WORKER_STALE_MS = 3 * 60_000;
const TIMEOUT_MS = 3_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref(),
    ),
  ]);
}

export async function checkDatabase(db: Db): Promise<{ database: Check; migrations: Check }> {
  try {
    await withTimeout(db.execute(sql`select 1`), "Postgres");
  } catch (error) {
    return {
      database: { ok: false, detail: `unreachable: ${(error as Error).message.split("\n")[0]}` },
      migrations: { ok: false, detail: "unknown (database unreachable)" },
    };
  }
  const applied = (await appliedMigrations(db)).length;
  const known = knownMigrations().length;
  return {
    database: { ok: true, detail: "reachable" },
    migrations:
      applied === known
        ? { ok: true, detail: `${applied} of ${known} applied` }
        : {
            ok: false,
            detail: `${applied} of ${known} applied${applied > known ? " (database is newer than this app)" : ""}`,
          },
  };
}

/** `probe` is a cheap authenticated read (GET /smartlock); refused tokens and outages are named apart. */
export async function checkNuki(probe: () => Promise<unknown>, target: string): Promise<Check> {
  try {
    await withTimeout(probe(), "Nuki");
    return { ok: true, detail: `${target}: token accepted` };
  } catch (error) {
    if (error instanceof NukiApiError && (error.status === 401 || error.status === 403))
      return {
        ok: false,
        detail: `${target}: token refused (${error.status}) — revoked, expired or missing a scope; set a new NUKI_API_TOKEN`,
      };
    if (error instanceof NukiApiError && error.status > 0)
      return { ok: false, detail: `${target}: answered ${error.status}` };
    return { ok: false, detail: `${target}: unreachable` };
  }
}

/**
 * The loop is alive when this process's reconciler finished a pass recently; an app started with
 * RECONCILER=off relies on `npm run worker`, whose minutely notify job leaves a trace in engine_jobs.
 */
export async function checkReconciler(db: Db, lastPassAt: number | null, now = Date.now()): Promise<Check> {
  if (lastPassAt !== null) {
    const ago = now - lastPassAt;
    if (lastPassAt === 0) return { ok: false, detail: "in-process reconciler has not finished a pass yet" };
    return ago <= RECONCILER_STALE_MS
      ? { ok: true, detail: `in-process, last pass ${Math.round(ago / 1000)} s ago` }
      : { ok: false, detail: `in-process, stuck: last pass ${Math.round(ago / 1000)} s ago` };
  }
  try {
    const [last] = await withTimeout(
      db
        .select()
        .from(engineJobs)
        .where(sql`${engineJobs.name} = 'notify'`)
        .orderBy(desc(engineJobs.lastRunAt))
        .limit(1),
      "Postgres",
    );
    if (!last) return { ok: false, detail: "RECONCILER=off and no worker has run yet (start `npm run worker`)" };
    const ago = now - last.lastRunAt.getTime();
    return ago <= WORKER_STALE_MS
      ? { ok: true, detail: `worker ${last.lastRunBy}, last seen ${Math.round(ago / 1000)} s ago` }
      : { ok: false, detail: `RECONCILER=off and no worker seen for ${Math.round(ago / 1000)} s` };
  } catch {
    return { ok: false, detail: "unknown (database unreachable)" };
  }
}

/**
 * The other Nuki connections (issue #13), from the database only (no call to Nuki per probe): how
 * many have their token refused. Counts, never names (the probe is public). Informational: one
 * account's refused token must not take the instance out of the load balancer for every account.
 */
export async function checkOtherConnections(
  list: () => Promise<{ tokenRefused: boolean }[]>,
): Promise<Check | undefined> {
  try {
    const all = await withTimeout(list(), "Postgres");
    if (all.length === 0) return undefined;
    const refused = all.filter((c) => c.tokenRefused).length;
    return refused
      ? {
          ok: false,
          detail: `${all.length} more Nuki account(s): ${refused} with the token refused (reconciling paused for them)`,
        }
      : { ok: true, detail: `${all.length} more Nuki account(s): tokens accepted` };
  } catch {
    return { ok: false, detail: "unknown (database unreachable)" };
  }
}

export async function readiness(o: {
  db: Db;
  nukiProbe: () => Promise<unknown>;
  nukiTarget: string;
  reconcilerLastPassAt: number | null;
  otherConnections?: () => Promise<{ tokenRefused: boolean }[]>;
  now?: number;
}): Promise<Readiness> {
  const [db, nuki, reconciler, others] = await Promise.all([
    checkDatabase(o.db),
    checkNuki(o.nukiProbe, o.nukiTarget),
    checkReconciler(o.db, o.reconcilerLastPassAt, o.now),
    o.otherConnections ? checkOtherConnections(o.otherConnections) : undefined,
  ]);
  const checks = { ...db, nuki, reconciler };
  // The other accounts are reported, not gated on (see checkOtherConnections).
  return {
    ready: Object.values(checks).every((c) => c.ok),
    checks: others ? { ...checks, nukiConnections: others } : checks,
  };
}
