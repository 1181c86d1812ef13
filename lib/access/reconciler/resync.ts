import "server-only";
import { eq, sql } from "drizzle-orm";
import { customers, doors, grants } from "@/db/schema";
import { AUTH_TYPE } from "@/lib/nuki/schemas";
import type { EngineContext } from "../context";
import { accountUserEmails, LISTED_AUTH_TYPES, leftAloneAuthIds, refreshUnmanaged } from "../adopt/refresh-unmanaged";
import { tagOf } from "../grants/auth-name";
import { loadGrantFacts } from "../observations/grant-facts";
import { applyLogEvent } from "../observations/lock-log";
import { applyLockState } from "../observations/lock-state";
import { inFlightOnNuki, isPortierAuthType, matchAuth } from "../observations/observe";
import { recordObservation } from "../observations/record-observation";
import { applyLockList, refusedOrRethrow, NUKI_SYNC_ACTOR } from "../locks/sync-locks";
import { connectionOf, scopedJobName } from "../connections/manage-connections";
import { runJobIfDue } from "./periodic-job";

export type ResyncReport = {
  locks: number;
  auths: number;
  confirmed: number;
  drifted: number;
  vanished: number;
  orphansDeleted: number;
  calls: number;
};

/** Runs the resync now and records it as this period's run (so the periodic one does not repeat it at once). */
export const resyncNow = (e: EngineContext, workerId: string) =>
  runJobIfDue(e, { name: scopedJobName("resync", e), workerId, intervalMs: 0 }, () => resyncAll(e));

/** Runs the resync if its period passed since any worker last ran it (one worker per period). */
export const resyncIfDue = (e: EngineContext, workerId: string) =>
  runJobIfDue(e, { name: scopedJobName("resync", e), workerId, intervalMs: e.config.resyncIntervalMs }, () =>
    resyncAll(e),
  );

/**
 * The safety net under webhooks (which Nuki delivers at most once, if at all): read every lock
 * and every auth in two paged calls, update what Portier observed, wake grants that drifted
 * (changed outside Portier — Portier's desired state wins for auths it owns), confirm ones whose
 * webhook got lost, and delete auths carrying a Portier tag that no grant wants any more.
 */
export async function resyncAll(e: EngineContext): Promise<ResyncReport> {
  const before = e.nuki.stats.requests;
  const now = e.now();
  const report: ResyncReport = {
    locks: 0,
    auths: 0,
    confirmed: 0,
    drifted: 0,
    vanished: 0,
    orphansDeleted: 0,
    calls: 0,
  };
  let locks: Awaited<ReturnType<typeof e.nuki.listSmartlocks>>;
  try {
    locks = await e.nuki.listSmartlocks();
  } catch (error) {
    // A refused token is recorded for the Doors page and logged once; nothing below runs.
    throw await refusedOrRethrow(e, error, NUKI_SYNC_ACTOR.label);
  }
  // Lock sync first (new devices become doors, gone ones are archived), then their live state.
  await applyLockList(e, locks, null);
  for (const lock of locks) await applyLockState(e, lock);
  report.locks = locks.length;
  // Fobs and Z-keys too (same one paged call): staff see everything that opens a door (unmanaged auths).
  const listed = await e.nuki.listAllAuthsPaged({ types: [...LISTED_AUTH_TYPES] });
  const auths = listed.filter((a) => isPortierAuthType(a.type));
  report.auths = auths.length;
  const leftAlone = await leftAloneAuthIds(e);
  const unmanagedByDoor = new Map<string, typeof listed>();

  // This connection's doors only: another account's locks are not in this listing (issue #13).
  const connectionId = connectionOf(e);
  const allDoors = await e.db.select().from(doors).where(eq(doors.connectionId, connectionId));
  const ourTags = new Set((await e.db.select({ tag: customers.tag }).from(customers)).map((c) => c.tag));
  const rows = await loadGrantFacts(e.db, sql`${doors.connectionId} = ${connectionId}`);
  const orphans: string[] = [];

  for (const door of allDoors) {
    if (door.archivedAt) continue; // its lock left the account: nothing to observe, its grants are stopped
    const onLock = auths.filter((a) => a.smartlockId === door.smartlockId);
    const doorGrants = rows.filter((g) => g.doorId === door.id);
    const owned = new Set<string>();
    for (const g of doorGrants) {
      const m = matchAuth(g, onLock, e.vault);
      if (m && !m.foreign) owned.add(m.auth.id);
      if (g.claimedUntil && g.claimedUntil.getTime() > now) continue; // a worker is on it
      if (m?.foreign) {
        await wake(e, g.id, { needsReadback: true });
        continue;
      }
      const r = await recordObservation(e, g, m ? { kind: "auth", auth: m.auth } : { kind: "absent" }, {
        source: "resync",
      });
      if (r.confirmed) report.confirmed++;
      if (r.drifted) report.drifted++;
      if (r.vanished) report.vanished++;
    }
    // Tagged with one of our customers but wanted by no grant: a leftover (crash, deleted window, reallocated code).
    for (const a of onLock) {
      const tag = tagOf(a.name);
      if (tag && ourTags.has(tag) && !owned.has(a.id) && !inFlightOnNuki(a) && !leftAlone.has(a.id)) orphans.push(a.id);
    }
    // Someone else's: neither owned nor carrying one of our tags — or left alone by staff, whatever its name.
    const foreign = onLock.filter(
      (a) => !owned.has(a.id) && (leftAlone.has(a.id) || !(tagOf(a.name) && ourTags.has(tagOf(a.name)!))),
    );
    await e.db
      .update(doors)
      .set({
        foreignCodeHmacs: foreign
          .filter((a) => a.type === AUTH_TYPE.keypadCode && a.code != null)
          .map((a) => e.vault.doorHmac(door.id, a.code!)),
        foreignAppAuths: foreign.filter((a) => a.type === AUTH_TYPE.app).length,
      })
      .where(eq(doors.id, door.id));
    unmanagedByDoor.set(door.id, [
      ...foreign,
      ...listed.filter((a) => a.smartlockId === door.smartlockId && !isPortierAuthType(a.type)),
    ]);
  }
  const emails = await accountUserEmails(e, [...unmanagedByDoor.values()].flat());
  for (const [doorId, foreign] of unmanagedByDoor) await refreshUnmanaged(e, doorId, foreign, emails);
  if (orphans.length) {
    for (let i = 0; i < orphans.length; i += e.config.bulkChunk)
      await e.nuki.deleteAuths(orphans.slice(i, i + e.config.bulkChunk));
    report.orphansDeleted = orphans.length;
  }
  // Door events too: DEVICE_LOGS webhooks can be lost like any other; the newest 50 are re-read
  // (inserts dedupe on Nuki's log id).
  for (const log of await e.nuki.listLogs({ limit: 50 })) await applyLogEvent(e, log);
  if (report.drifted || report.vanished || report.confirmed) e.wake();
  report.calls = e.nuki.stats.requests - before;
  return report;
}

async function wake(e: EngineContext, grantId: string, extra: { needsReadback?: boolean } = {}) {
  await e.db
    .update(grants)
    .set({ nextRunAt: new Date(e.now()), ...extra })
    .where(eq(grants.id, grantId));
}
