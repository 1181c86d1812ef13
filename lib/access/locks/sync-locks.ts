import "server-only";
import { and, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { accessWindows, type Door, doors, engineJobs, grants } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import { acceptsKeypadCodes } from "@/lib/model/door-capabilities";
import type { NukiApiError } from "@/lib/nuki/errors";
import { type NukiSmartlock, SERVER_STATE_OFFLINE } from "@/lib/nuki/schemas";
import { zoneOfTimezoneId } from "@/lib/nuki/time-zones";
import { formatZoned } from "@/lib/time/format-zoned";
import { connectionOf, scopedJobName } from "../connections/manage-connections";
import type { AccessContext, EngineContext } from "../context";
import { syncGrants } from "../grants/sync-grants";
import { lockPairs } from "../windows/pair-lock";
import { NukiTokenRefused } from "./token-refused";

/** Who the periodic resync's changes are audited as. */
export const NUKI_SYNC_ACTOR = { id: null, label: "Nuki sync" } as const;
/** engine_jobs row holding the last outcome (shown on the Doors page, also when the token was refused). */
export const LOCK_SYNC_JOB = "lock-sync";

export type LockSyncReport = {
  locks: number;
  added: { doorId: string; name: string }[];
  renamed: { doorId: string; from: string; to: string }[];
  archived: { doorId: string; name: string }[];
  restored: { doorId: string; name: string }[];
  /** Device type, keypad pairing or the lock's zone changed. */
  changed: { doorId: string; name: string; fields: string[] }[];
  /** Nuki listed no device at all while doors exist: nothing was archived (see applyLockList). */
  emptyListIgnored: boolean;
};

export type LockSyncOutcome =
  | { ok: true; at: string; by: string; report: LockSyncReport }
  | { ok: false; at: string; by: string; error: string };

/** What Portier keeps of a Nuki device (§2.2): an Opener never counts as having a keypad. */
export function lockFacts(lock: NukiSmartlock) {
  const deviceType = lock.type;
  const lockTimeZone = zoneOfTimezoneId(lock.config?.timezoneId);
  const keypadPaired = deviceType !== 2 && !!(lock.config?.keypadPaired || lock.config?.keypad2Paired);
  return { deviceType, keypadPaired, lockTimeZone, nukiName: lock.name };
}

export const archiveReason = (at: number, timeZone: string) =>
  `Lock removed from the Nuki account on ${formatZoned(at, timeZone)}`;

/**
 * "Sync from Nuki" (an admin) and the periodic resync (actor null = "Nuki sync"): reads GET /smartlock
 * and keeps doors in step. A refused token (401/403) throws NukiTokenRefused and changes nothing.
 */
export async function syncLocks(e: EngineContext, actor: Actor | null): Promise<LockSyncReport> {
  if (actor) assertCan(actor, "doors.write");
  const by = actor?.label ?? NUKI_SYNC_ACTOR.label;
  let locks: NukiSmartlock[];
  try {
    locks = await e.nuki.listSmartlocks();
  } catch (error) {
    throw await refusedOrRethrow(e, error, by);
  }
  return applyLockList(e, locks, actor);
}

/** Turns a 401/403 from Nuki into NukiTokenRefused, records it for the Doors page and logs it once. */
export async function refusedOrRethrow(
  ctx: AccessContext & { connectionId?: string },
  error: unknown,
  by: string,
): Promise<unknown> {
  // Duck-typed: the engine's client may come from another of Next's bundles (shared on globalThis),
  // whose NukiApiError is a different class, so instanceof would miss it.
  const e = error as Partial<NukiApiError> | null;
  if (e?.name !== "NukiApiError" || (e.status !== 401 && e.status !== 403)) return error;
  const refused = new NukiTokenRefused(e as NukiApiError);
  console.error(`[nuki] ${refused.message}`);
  await recordOutcome(ctx, { ok: false, at: new Date(ctx.now()).toISOString(), by, error: refused.userMessage });
  return refused;
}

/**
 * Applies one GET /smartlock answer, all in one transaction (nothing half-written):
 * - a new device → a door awaiting a site (site_id null), scheduled on the lock's own zone (UTC if
 *   Nuki's timezoneId is unknown to us);
 * - a renamed device → `nuki_name` always follows; the door's `name` follows only while staff have
 *   not renamed the door in Portier (name still equals the previous Nuki name), so a front desk's
 *   "Room 4 (blue door)" is never overwritten by a rename in the Nuki app;
 * - a device gone from the list → archived with its reason; its grants stop and show why;
 * - an archived door whose device is back → restored, its grants due again (read back first);
 * - device type or keypad pairing changed → each affected customer's grants are recomputed
 *   (a keypad customer gets an app invite where no keypad is, and the code back when one is paired).
 * Every change is audited as the admin who clicked, or as "Nuki sync".
 */
export async function applyLockList(
  // connectionId: the Nuki account the list came from: only its doors are compared (issue #13).
  ctx: AccessContext & { connectionId?: string },
  locks: NukiSmartlock[],
  actor: Actor | null,
): Promise<LockSyncReport> {
  const auditActor = actor ?? NUKI_SYNC_ACTOR;
  const now = ctx.now();
  const report: LockSyncReport = {
    locks: locks.length,
    added: [],
    renamed: [],
    archived: [],
    restored: [],
    changed: [],
    emptyListIgnored: false,
  };
  const capabilityChanged: string[] = [];
  await ctx.db.transaction(async (tx) => {
    // One sync at a time (button and periodic job): both read then write every door.
    await tx.execute(sql`select pg_advisory_xact_lock(727300)`);
    const connectionId = connectionOf(ctx);
    const existing = await tx.select().from(doors).where(eq(doors.connectionId, connectionId)).for("update");
    const bySmartlock = new Map(existing.map((d) => [d.smartlockId, d]));
    // A device another connection already holds as a door (moved between accounts, or listed by
    // both): it stays with its door's connection, never a second door.
    const elsewhere = new Set(
      (await tx.select({ smartlockId: doors.smartlockId }).from(doors).where(ne(doors.connectionId, connectionId))).map(
        (d) => d.smartlockId,
      ),
    );
    const seen = new Set<number>();

    for (const lock of locks) {
      seen.add(lock.smartlockId);
      const f = lockFacts(lock);
      const door = bySmartlock.get(lock.smartlockId);
      if (!door && elsewhere.has(lock.smartlockId)) {
        console.warn(
          `[nuki] lock ${lock.smartlockId} is listed by connection ${connectionId} but is a door of another connection; left there`,
        );
        continue;
      }
      if (!door) {
        const [made] = await tx
          .insert(doors)
          .values({
            name: lock.name,
            smartlockId: lock.smartlockId,
            connectionId,
            timeZone: f.lockTimeZone ?? "UTC",
            siteId: null,
            deviceType: f.deviceType,
            nukiName: f.nukiName,
            lockTimeZone: f.lockTimeZone,
            keypadPaired: f.keypadPaired,
            online: lock.serverState !== SERVER_STATE_OFFLINE,
            offlineSince: lock.serverState === SERVER_STATE_OFFLINE ? new Date(now) : null,
            batteryCharge: lock.state?.batteryCharge ?? null,
            batteryCritical: lock.state?.batteryCritical ?? false,
          })
          .returning();
        report.added.push({ doorId: made!.id, name: made!.name });
        await appendAudit(tx, {
          actor: auditActor,
          action: "door.import",
          entityType: "door",
          entityId: made!.id,
          after: { name: made!.name, smartlockId: lock.smartlockId, ...f, siteId: null },
        });
        continue;
      }
      const patch: Partial<Door> = {};
      const fields: string[] = [];
      // Legacy doors (nuki_name never recorded): the Portier name counts as Nuki's if they agree.
      const staffRenamed = door.nukiName == null ? door.name !== lock.name : door.name !== door.nukiName;
      if (door.nukiName !== f.nukiName) {
        patch.nukiName = f.nukiName;
        if (!staffRenamed && door.name !== f.nukiName) {
          patch.name = f.nukiName;
          report.renamed.push({ doorId: door.id, from: door.name, to: f.nukiName });
        }
      }
      if (door.deviceType !== f.deviceType) {
        patch.deviceType = f.deviceType;
        fields.push("deviceType");
      }
      if (door.keypadPaired !== f.keypadPaired) {
        patch.keypadPaired = f.keypadPaired;
        fields.push("keypadPaired");
      }
      if (door.lockTimeZone !== f.lockTimeZone) {
        patch.lockTimeZone = f.lockTimeZone;
        fields.push("lockTimeZone");
      }
      // A door awaiting a site is scheduled on its lock's clock; once in a site, the site's zone rules.
      if (!door.siteId && f.lockTimeZone && door.timeZone !== f.lockTimeZone) patch.timeZone = f.lockTimeZone;
      if (door.archivedAt) {
        patch.archivedAt = null;
        patch.archivedReason = null;
        report.restored.push({ doorId: door.id, name: patch.name ?? door.name });
        await restartGrants(tx, door, now);
      }
      if (Object.keys(patch).length === 0) continue;
      await tx.update(doors).set(patch).where(eq(doors.id, door.id));
      if (fields.length) report.changed.push({ doorId: door.id, name: patch.name ?? door.name, fields });
      if (acceptsKeypadCodes(door) !== acceptsKeypadCodes({ deviceType: f.deviceType, keypadPaired: f.keypadPaired }))
        capabilityChanged.push(door.id);
      const before = Object.fromEntries(Object.keys(patch).map((k) => [k, door[k as keyof Door]]));
      await appendAudit(tx, {
        actor: auditActor,
        action: door.archivedAt ? "door.restore" : "door.sync",
        entityType: "door",
        entityId: door.id,
        before,
        after: patch,
      });
    }

    const gone = existing.filter((d) => !seen.has(d.smartlockId) && !d.archivedAt);
    // An empty answer while doors exist is far more often a token of another account or missing
    // scopes than a building that lost every lock at once: archive nothing, and say so.
    if (locks.length === 0 && gone.length > 0) {
      report.emptyListIgnored = true;
      return;
    }
    for (const door of gone) {
      const reason = archiveReason(now, door.timeZone);
      await tx
        .update(doors)
        .set({ archivedAt: new Date(now), archivedReason: reason })
        .where(eq(doors.id, door.id));
      await stopGrants(tx, door.id, reason, now);
      report.archived.push({ doorId: door.id, name: door.name });
      await appendAudit(tx, {
        actor: auditActor,
        action: "door.archive",
        entityType: "door",
        entityId: door.id,
        before: { archivedAt: null },
        after: { archivedAt: new Date(now).toISOString(), archivedReason: reason },
      });
    }
  });

  // Credentials follow the device (keypad ↔ app): per door, in its own transaction under the pair
  // locks (taken first, the order every staff edit uses).
  for (const doorId of capabilityChanged) await recomputeDoorGrants(ctx, doorId);
  if (report.restored.length || capabilityChanged.length) ctx.wake();
  await recordOutcome(ctx, { ok: true, at: new Date(now).toISOString(), by: auditActor.label, report });
  return report;
}

/** The lock left the account: nothing can reach it, so its grants stop with the reason (kept for history). */
async function stopGrants(tx: Parameters<typeof lockPairs>[0], doorId: string, reason: string, now: number) {
  await tx
    .update(grants)
    .set({ status: "removed", statusChangedAt: new Date(now), nextRunAt: null, lastError: reason })
    .where(and(eq(grants.doorId, doorId), sql`${grants.desired} is null`, ne(grants.status, "removed")));
  await tx
    .update(grants)
    .set({
      status: "failed",
      statusChangedAt: new Date(now),
      nextRunAt: null,
      lastError: reason,
      claimedBy: null,
      claimedUntil: null,
    })
    .where(and(eq(grants.doorId, doorId), isNotNull(grants.desired)));
}

/** The lock is back: what it holds now is unknown, so each stopped grant reads back before sending. */
async function restartGrants(tx: Parameters<typeof lockPairs>[0], door: Door, now: number) {
  await tx
    .update(grants)
    .set({
      status: door.online ? "pending" : "lock_offline",
      statusChangedAt: new Date(now),
      lastError: null,
      attempts: 0,
      needsReadback: true,
      sentVersion: null,
      sentAt: null,
      sentOp: null,
      nextRunAt: new Date(now),
    })
    .where(and(eq(grants.doorId, door.id), isNotNull(grants.desired), eq(grants.lastError, door.archivedReason ?? "")));
}

async function recomputeDoorGrants(ctx: AccessContext, doorId: string) {
  await ctx.db.transaction(async (tx) => {
    const customerIds = [
      ...new Set([
        ...(
          await tx
            .select({ customerId: accessWindows.customerId })
            .from(accessWindows)
            .where(eq(accessWindows.doorId, doorId))
        ).map((r) => r.customerId),
        ...(
          await tx
            .select({ customerId: grants.customerId })
            .from(grants)
            .where(and(eq(grants.doorId, doorId), isNotNull(grants.desired)))
        ).map((r) => r.customerId),
      ]),
    ];
    await lockPairs(
      tx,
      customerIds.map((customerId) => ({ customerId, doorId })),
    );
    for (const customerId of customerIds) await syncGrants(tx, ctx, customerId, doorId);
  });
}

async function recordOutcome(ctx: AccessContext & { connectionId?: string }, outcome: LockSyncOutcome) {
  const name = scopedJobName(LOCK_SYNC_JOB, ctx);
  await ctx.db
    .insert(engineJobs)
    .values({ name, lastRunAt: new Date(outcome.at), lastRunBy: outcome.by, lastReport: outcome })
    .onConflictDoUpdate({
      target: engineJobs.name,
      set: { lastRunAt: new Date(outcome.at), lastRunBy: outcome.by, lastReport: outcome },
    });
}

/** The last sync's outcome for the Doors page (null = never synced). */
export async function lastLockSync(
  ctx: Pick<AccessContext, "db"> & { connectionId?: string },
  actor: Actor,
): Promise<LockSyncOutcome | null> {
  assertCan(actor, "doors.read");
  const [row] = await ctx.db
    .select({ report: engineJobs.lastReport })
    .from(engineJobs)
    .where(inArray(engineJobs.name, [scopedJobName(LOCK_SYNC_JOB, ctx)]));
  return (row?.report as LockSyncOutcome | undefined) ?? null;
}
