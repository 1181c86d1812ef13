import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, customers, doors } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import { compileSchedule } from "../compiler/compile";
import { formatMinutes } from "@/lib/model/daily-time";
import { credentialOnDoor, keypadUnavailableReason } from "@/lib/model/door-capabilities";
import { describeWeekdays } from "@/lib/model/weekdays";
import { windowColumns, specOf } from "../windows/window-row";
import type { WindowSpecInput } from "@/lib/model/window-spec";

export type PreviewStep = { from: string; until: string; holds: string };

/**
 * What the lock will hold, and when, if this window is saved next to the customer's other windows
 * on this door — shown before saving whenever Nuki's one-window-per-auth forces a rotation.
 */
export async function previewSchedule(
  db: DbOrTx,
  actor: Actor,
  p: { customerId: string; doorId: string; window: WindowSpecInput; excludeWindowId?: string; now?: number },
) {
  assertCan(actor, "access.read");
  const [door] = await db.select().from(doors).where(eq(doors.id, p.doorId));
  if (!door) throw new AppError("NOT_FOUND", "That door does not exist.");
  const others = await db
    .select()
    .from(accessWindows)
    .where(
      and(
        eq(accessWindows.customerId, p.customerId),
        eq(accessWindows.doorId, p.doorId),
        p.excludeWindowId ? ne(accessWindows.id, p.excludeWindowId) : undefined,
      ),
    );
  const candidate = specOf({ id: "candidate", ...windowColumns(p.window, door.timeZone) });
  const compiled = compileSchedule({
    windows: [...others.map(specOf), candidate],
    timeZone: door.timeZone,
    now: p.now ?? Date.now(),
  });
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone: door.timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
  const steps: PreviewStep[] = compiled.segments.slice(0, 12).map((s) => {
    const r = s.restriction;
    const range = `${fmt.format(new Date(r.allowedFromDate!))} → ${fmt.format(new Date(r.allowedUntilDate!))}`;
    const holds =
      s.kind === "once"
        ? range
        : `${describeWeekdays(r.allowedWeekDays)} ${formatMinutes(r.allowedFromTime)}–${formatMinutes(r.allowedUntilTime)}, ${range}`;
    return { from: new Date(s.activeFrom).toISOString(), until: new Date(s.activeUntil).toISOString(), holds };
  });
  // A keypad customer on a door without keypad gets an app invite there: say so before saving.
  const [customer] = await db
    .select({ name: customers.name, preferred: customers.preferredCredential })
    .from(customers)
    .where(eq(customers.id, p.customerId));
  const credentialNote =
    customer && credentialOnDoor(customer.preferred, door) !== customer.preferred
      ? `${keypadUnavailableReason(door)} ${customer.name} gets a Nuki app invite for ${door.name} instead of a keypad code.`
      : null;
  return {
    credentialNote,
    rotates: compiled.rotates,
    steps,
    more: Math.max(0, compiled.segments.length - steps.length),
    timeZone: door.timeZone,
  };
}
