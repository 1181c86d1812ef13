import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { doors, grants } from "@/db/schema";
import { SERVER_STATE_OFFLINE, type NukiSmartlock } from "@/lib/nuki/schemas";
import type { AccessContext } from "../context";
import { emitEvent } from "../outbound-webhooks/emit-event";

type LockState = Pick<NukiSmartlock, "smartlockId" | "state"> & { serverState?: number };

/**
 * DEVICE_STATUS (and the periodic GET /smartlock): a lock's reachability, battery and state.
 * Going offline parks the door's unfinished grants as lock_offline (no hammering); coming back
 * restarts their confirmation window and wakes them, since Nuki delivers queued changes now.
 */
export async function applyLockState(ctx: AccessContext, lock: LockState) {
  const [door] = await ctx.db.select().from(doors).where(eq(doors.smartlockId, lock.smartlockId));
  if (!door) return "ignored: unknown lock";
  const now = new Date(ctx.now());
  const online = lock.serverState === undefined ? door.online : lock.serverState !== SERVER_STATE_OFFLINE;
  // One transaction with the outbox: the door's new reachability and its webhook event commit together.
  const result = await ctx.db.transaction(async (tx) => {
    await tx
      .update(doors)
      .set({
        online,
        offlineSince: online ? null : (door.offlineSince ?? now),
        batteryCharge: lock.state?.batteryCharge ?? door.batteryCharge,
        batteryCritical: lock.state?.batteryCritical ?? door.batteryCritical,
        keypadBatteryCritical: lock.state?.keypadBatteryCritical ?? door.keypadBatteryCritical,
        lockState: lock.state?.state ?? door.lockState,
        stateUpdatedAt: now,
      })
      .where(eq(doors.id, door.id));
    if (online === door.online) return "updated";
    await emitEvent(
      tx,
      online ? "lock.online" : "lock.offline",
      {
        doorId: door.id,
        smartlockId: door.smartlockId,
        name: door.name,
        offlineSince: online ? null : (door.offlineSince ?? now).toISOString(),
      },
      ctx.now(),
    );
    if (!online) {
      await tx
        .update(grants)
        .set({ status: "lock_offline", statusChangedAt: now })
        .where(and(eq(grants.doorId, door.id), inArray(grants.status, ["pending", "removing", "awaiting_lock"])));
      return "went offline";
    }
    await tx
      .update(grants)
      .set({
        status: sql`case when ${grants.status} = 'lock_offline' then (case when ${grants.desired} is null then 'removing' when ${grants.awaitingLockSince} is not null then 'awaiting_lock' else 'pending' end)::grant_status else ${grants.status} end`,
        sentAt: sql`case when ${grants.sentAt} is not null then ${now.toISOString()}::timestamptz end`,
        nextRunAt: now,
      })
      .where(
        and(
          eq(grants.doorId, door.id),
          inArray(grants.status, ["lock_offline", "pending", "removing", "awaiting_lock"]),
        ),
      );
    return "came online";
  });
  if (result === "came online") ctx.wake();
  return result;
}
