import type { GrantStatus } from "@/db/schema";
import type { OutboundEvent } from "./emit-event";

export type GrantStatusRow = {
  id: string;
  customer_id: string;
  door_id: string;
  status: GrantStatus;
  last_error: string | null;
  old_status: GrantStatus;
};

/** The statuses receivers hear about (the rest — pending, removing… — are Portier's own bookkeeping). */
const EVENT_OF: Partial<Record<GrantStatus, OutboundEvent["type"]>> = {
  applied: "access.applied",
  failed: "access.failed",
  lock_offline: "access.lock_offline",
};

/** Grants whose status changed into one receivers subscribe to → their events. */
export function grantStatusEvents(rows: GrantStatusRow[]): OutboundEvent[] {
  return rows.flatMap((r) => {
    const type = r.status !== r.old_status ? EVENT_OF[r.status] : undefined;
    if (!type) return [];
    return [
      {
        type,
        data: {
          grantId: r.id,
          customerId: r.customer_id,
          doorId: r.door_id,
          status: r.status,
          previousStatus: r.old_status,
          // Portier's own words (never a code: codes are not in error messages).
          reason: r.status === "applied" ? null : r.last_error,
        },
      },
    ];
  });
}
