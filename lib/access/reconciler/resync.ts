import "server-only";
import { and, eq } from "drizzle-orm";
import { customers, doors, grants } from "@/db/schema";
import type { EngineContext } from "../context";
import { tagOf } from "../grants/auth-name";
import { deriveStatus, observedMatches } from "../grants/compare";
import { applyLogEvent } from "../webhooks/apply-log-event";
import { applyLockState } from "../webhooks/apply-status-event";
import { inFlightOnNuki, matchAuth, toObserved } from "./observe";
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

/** Runs the resync if its period passed since any worker last ran it (one worker per period). */
export const resyncIfDue = (e: EngineContext, workerId: string) =>
  runJobIfDue(e, { name: "resync", workerId, intervalMs: e.config.resyncIntervalMs }, () => resyncAll(e));

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
  const locks = await e.nuki.listSmartlocks();
  for (const lock of locks) await applyLockState(e, lock);
  report.locks = locks.length;
  const auths = await e.nuki.listAllAuthsPaged({ types: [0, 13] });
  report.auths = auths.length;

  const allDoors = await e.db.select().from(doors);
  const ourTags = new Set((await e.db.select({ tag: customers.tag }).from(customers)).map((c) => c.tag));
  const rows = await e.db
    .select({ grant: grants, tag: customers.tag, accountUserId: customers.nukiAccountUserId })
    .from(grants)
    .innerJoin(customers, eq(customers.id, grants.customerId));
  const orphans: string[] = [];

  for (const door of allDoors) {
    const onLock = auths.filter((a) => a.smartlockId === door.smartlockId);
    const doorGrants = rows.filter((r) => r.grant.doorId === door.id);
    const owned = new Set<string>();
    for (const { grant: g, tag, accountUserId } of doorGrants) {
      const m = matchAuth({ ...g, customerTag: tag, accountUserId }, onLock, e.vault);
      if (m && !m.foreign) owned.add(m.auth.id);
      if (g.claimedUntil && g.claimedUntil.getTime() > now) continue; // a worker is on it
      if (m?.foreign) {
        await wake(e, g.id, { needsReadback: true });
        continue;
      }
      if (m && inFlightOnNuki(m.auth)) continue;
      const observed = m ? toObserved(m.auth, g, e.vault) : null;
      const wasMatching = observedMatches(g.desired, g.observed);
      const nowMatching = observedMatches(g.desired, observed);
      if (JSON.stringify(observed) === JSON.stringify(g.observed) && (m?.auth.id ?? null) === g.nukiAuthId) continue;
      const status = deriveStatus({
        desired: g.desired,
        observed,
        doorOnline: door.online,
        failed: g.status === "failed" && !nowMatching,
      });
      if (nowMatching) report.confirmed += wasMatching ? 0 : 1;
      else if (wasMatching) {
        report.drifted++;
        console.warn(`[reconciler] drift on ${door.name}: auth of grant ${g.id} changed outside Portier; restoring`);
      }
      if (!m && g.nukiAuthId) report.vanished++;
      await e.db
        .update(grants)
        .set({
          observed,
          nukiAuthId: m?.auth.id ?? null,
          observedAt: new Date(now),
          status,
          statusChangedAt: status !== g.status ? new Date(now) : g.statusChangedAt,
          ...(nowMatching
            ? {
                sentVersion: null,
                sentAt: null,
                sentOp: null,
                lastError: null,
                nextRunAt: g.desired ? g.desiredUntil : null,
              }
            : {
                nextRunAt: new Date(now),
                lastError: wasMatching
                  ? "Changed outside Portier (Nuki Web or the app); restoring Portier's version."
                  : g.lastError,
              }),
        })
        .where(and(eq(grants.id, g.id), eq(grants.desiredVersion, g.desiredVersion)));
    }
    // Tagged with one of our customers but wanted by no grant: a leftover (crash, deleted window, reallocated code).
    for (const a of onLock) {
      const tag = tagOf(a.name);
      if (tag && ourTags.has(tag) && !owned.has(a.id) && !inFlightOnNuki(a)) orphans.push(a.id);
    }
    const foreign = onLock.filter((a) => !owned.has(a.id) && !(tagOf(a.name) && ourTags.has(tagOf(a.name)!)));
    await e.db
      .update(doors)
      .set({
        foreignCodeHmacs: foreign
          .filter((a) => a.type === 13 && a.code != null)
          .map((a) => e.vault.doorHmac(door.id, a.code!)),
        foreignAppAuths: foreign.filter((a) => a.type === 0).length,
      })
      .where(eq(doors.id, door.id));
  }
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
