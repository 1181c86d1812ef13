import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { doors, grants, nukiConnections, nukiTokenHealth } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import { describeNukiError, isNukiApiError, NukiApiError } from "@/lib/nuki/errors";
import { buildingZone } from "@/lib/time/format-zoned";
import { connectionOf } from "../connections/manage-connections";
import type { EngineContext } from "../context";

/** Probes of a refused token back off from 30 s to 15 min: enough to notice a fix fast, never a hammer. */
export const PROBE_BACKOFF = { firstMs: 30_000, maxMs: 15 * 60_000 } as const;
const probeDelay = (failures: number) =>
  Math.min(PROBE_BACKOFF.maxMs, PROBE_BACKOFF.firstMs * 2 ** Math.max(0, failures - 1));

/** The text a grant carries when its call met a refused token (what recovery looks for to wake it). */
const REFUSED_TOKEN_ERROR = describeNukiError(
  new NukiApiError({ status: 401, method: "GET", path: "/smartlock", kind: "unauthorized" }),
);

type Probe = { verdict: "ok" } | { verdict: "refused"; status: number } | { verdict: "unknown" };

/**
 * An account-wide read: a 401/403 here is the token, not one lock. (A 403 on one lock's path only
 * means that lock is not in the account, so refusals seen during a pass are confirmed here first.)
 */
async function probe(e: EngineContext): Promise<Probe> {
  try {
    await e.nuki.listSmartlocks();
    return { verdict: "ok" };
  } catch (error) {
    if (isNukiApiError(error) && (error.status === 401 || error.status === 403))
      return { verdict: "refused", status: error.status };
    return { verdict: "unknown" };
  }
}

/**
 * Before each reconciler pass: "open" unless Nuki refuses the token. While refused, a probe runs
 * when due (or at once in a process that has not probed yet — it may have been restarted with a
 * new token); the first accepted probe clears the state and wakes the grants the refusal held up.
 */
export async function tokenGate(e: EngineContext, o: { probeNow: boolean }): Promise<"open" | "paused"> {
  const connection = connectionOf(e);
  const [row] = await e.db.select().from(nukiTokenHealth).where(eq(nukiTokenHealth.connection, connection));
  if (!row?.refusedSince) return "open";
  const now = e.now();
  // A call that succeeded since the last check (an admin's "Sync from Nuki" after fixing the token)
  // is news: probe now rather than at the backed-off time.
  const succeededSince = e.nuki.stats.lastOkAt > (row.lastCheckedAt?.getTime() ?? 0);
  if (!o.probeNow && !succeededSince && row.nextProbeAt && row.nextProbeAt.getTime() > now) return "paused";
  const p = await probe(e);
  if (p.verdict === "ok") {
    await e.db.transaction(async (tx) => {
      await tx
        .update(nukiTokenHealth)
        .set({
          refusedSince: null,
          probeFailures: 0,
          nextProbeAt: null,
          recoveredAt: new Date(now),
          lastCheckedAt: new Date(now),
        })
        .where(eq(nukiTokenHealth.connection, connection));
      // Only this connection's grants: another account's refusal is that account's business.
      await tx
        .update(grants)
        .set({ nextRunAt: new Date(now) })
        .where(
          and(
            eq(grants.lastError, REFUSED_TOKEN_ERROR),
            isNotNull(grants.nextRunAt),
            sql`${grants.doorId} in (select id from doors where connection_id = ${connection})`,
          ),
        );
    });
    console.log(`[nuki] Nuki accepts the API token of connection ${connection} again; reconciling resumes`);
    e.wake();
    return "open";
  }
  const failures = row.probeFailures + 1;
  await e.db
    .update(nukiTokenHealth)
    .set({
      probeFailures: failures,
      lastStatus: p.verdict === "refused" ? p.status : row.lastStatus,
      nextProbeAt: new Date(now + probeDelay(failures)),
      lastCheckedAt: new Date(now),
    })
    .where(eq(nukiTokenHealth.connection, connection));
  return "paused";
}

/** After a pass whose calls met 401/403: confirm with an account-wide read, and pause if it is the token. */
export async function checkTokenAfterRefusal(e: EngineContext): Promise<boolean> {
  const connection = connectionOf(e);
  const p = await probe(e);
  if (p.verdict !== "refused") return false;
  const now = new Date(e.now());
  const [row] = await e.db
    .insert(nukiTokenHealth)
    .values({
      connection: connection,
      refusedSince: now,
      lastStatus: p.status,
      probeFailures: 1,
      nextProbeAt: new Date(now.getTime() + probeDelay(1)),
      lastCheckedAt: now,
    })
    .onConflictDoUpdate({
      target: nukiTokenHealth.connection,
      set: {
        refusedSince: sql`coalesce(${nukiTokenHealth.refusedSince}, excluded.refused_since)`,
        lastStatus: p.status,
        nextProbeAt: sql`excluded.next_probe_at`,
        lastCheckedAt: now,
      },
    })
    .returning();
  if (row?.refusedSince?.getTime() === now.getTime())
    console.error(
      connection === "default"
        ? `[nuki] Nuki refuses the API token (${p.status}): reconciling paused, probing with backoff. Create a new API token in Nuki Web, set NUKI_API_TOKEN and restart.`
        : `[nuki] Nuki refuses the API token of connection ${connection} (${p.status}): its reconciling is paused, probing with backoff; the other accounts go on. Rotate its token under Settings → Nuki accounts.`,
    );
  return true;
}

/** `timeZone`: the building's clock to show the times in (the page is not about one door). */
export type TokenNotice = {
  since: Date;
  status: number | null;
  nextProbeAt: Date | null;
  timeZone: string;
  /** The connection's name when it is not the default one (several Nuki accounts), and how many more are refused. */
  connectionName: string | null;
  othersRefused: number;
};

/** For the staff banner and the at-risk page: the refusal, if any (every staff role may know the locks are unreachable). */
export async function tokenNotice(db: DbOrTx, actor: Actor): Promise<TokenNotice | null> {
  assertCan(actor, "doors.read");
  // Every refused connection (the default first): the banner names the first and counts the rest.
  const refused = await db
    .select({ h: nukiTokenHealth, name: nukiConnections.name })
    .from(nukiTokenHealth)
    .leftJoin(nukiConnections, eq(nukiConnections.id, nukiTokenHealth.connection))
    .where(isNotNull(nukiTokenHealth.refusedSince))
    .orderBy(sql`${nukiTokenHealth.connection} <> 'default'`, nukiTokenHealth.refusedSince);
  const first = refused[0];
  if (!first?.h.refusedSince) return null;
  const row = first.h;
  const zones = await db.select({ timeZone: doors.timeZone }).from(doors);
  return {
    since: row.refusedSince!,
    status: row.lastStatus,
    nextProbeAt: row.nextProbeAt,
    timeZone: buildingZone(zones.map((z) => z.timeZone)),
    connectionName: row.connection === "default" ? null : (first.name ?? row.connection),
    othersRefused: refused.length - 1,
  };
}
