import "server-only";
import { sql } from "drizzle-orm";
import type { NukiSmartlockLog } from "@/lib/nuki/schemas";
import type { AccessContext } from "../context";

/** DEVICE_LOGS (or log polling): who did what at which door, tied to a customer through the auth id. */
export async function applyLogEvent(ctx: AccessContext, log: NukiSmartlockLog) {
  // One round trip: resolve door and grant and insert together (this runs for every door event).
  const res = await ctx.db.execute(sql`
    insert into lock_events (id, door_id, at, action, trigger, state, auth_name, nuki_auth_id, customer_id, grant_id)
    select ${log.id}, d.id, ${log.date}::timestamptz, ${log.action}, ${log.trigger}, ${log.state}, ${log.name || null}, ${log.authId ?? null}, g.customer_id, g.id
    from doors d left join grants g on g.nuki_auth_id = ${log.authId ?? null} and g.door_id = d.id
    where d.smartlock_id = ${log.smartlockId}
    limit 1
    on conflict (id) do nothing
    returning customer_id`);
  const row = res.rows[0] as { customer_id: string | null } | undefined;
  if (!row) return "ignored: unknown lock or already recorded";
  return row.customer_id ? "recorded for customer" : "recorded";
}
