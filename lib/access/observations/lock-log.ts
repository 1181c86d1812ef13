import "server-only";
import { sql } from "drizzle-orm";
import type { NukiSmartlockLog } from "@/lib/nuki/schemas";
import type { AccessContext } from "../context";
import { emitEvent } from "../outbound-webhooks/emit-event";

/** DEVICE_LOGS (or log polling): who did what at which door, tied to a customer through the auth id. */
export async function applyLogEvent(ctx: AccessContext, log: NukiSmartlockLog) {
  // One round trip: resolve door and grant and insert together (this runs for every door event).
  // One transaction with the outbox: an entry and its webhook event commit together.
  return ctx.db.transaction(async (tx) => {
    const res = await tx.execute(sql`
    insert into lock_events (id, door_id, at, action, trigger, state, auth_name, nuki_auth_id, customer_id, grant_id)
    select ${log.id}, d.id, ${log.date}::timestamptz, ${log.action}, ${log.trigger}, ${log.state}, ${log.name || null}, ${log.authId ?? null}, g.customer_id, g.id
    from doors d left join grants g on g.nuki_auth_id = ${log.authId ?? null} and g.door_id = d.id
    where d.smartlock_id = ${log.smartlockId}
    limit 1
    on conflict (id) do nothing
    returning door_id, customer_id`);
    const row = res.rows[0] as { door_id: string; customer_id: string | null } | undefined;
    if (!row) return "ignored: unknown lock or already recorded";
    // Who and where, never the auth's code: Nuki's log carries the auth name only.
    await emitEvent(
      tx,
      "entry.recorded",
      {
        entryId: String(log.id),
        doorId: row.door_id,
        customerId: row.customer_id,
        at: new Date(log.date).toISOString(),
        action: log.action,
        trigger: log.trigger,
        state: log.state,
        authName: log.name || null,
      },
      ctx.now(),
    );
    return row.customer_id ? "recorded for customer" : "recorded";
  });
}
