import "server-only";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { customers, doors, grants, users } from "@/db/schema";
import type { EngineContext } from "@/lib/access/context";
import { createWindow } from "@/lib/access/windows/create-window";
import type { CreateWindowInput } from "@/lib/access/windows/schemas";
import type { Actor } from "@/lib/auth/permissions";
import { DEMO_CUSTOMERS, DEMO_DOORS, DEMO_STAFF, DEMO_TIME_ZONE } from "@/lib/demo-building";
import type { NukiSimulator } from "@/lib/nuki/sim/simulator";
import { addDays, formatLocalDate, localDateOf, weekdayOf, zonedInstant } from "@/lib/time/zoned-time";

/**
 * The demo building's standing quirks, applied to the (in-memory) simulator at every demo start:
 * Storage 1 is offline (and low on battery, see lib/nuki/sim/demo.ts), and the Workshop lock's
 * keypad memory is full (an old lock holding one code, taken by a code from before Portier), so a
 * keypad code sent there fails with Nuki's own answer. (A lock *without* a keypad no longer fails:
 * lock sync learns it from Nuki and Portier sends an app invite there instead.)
 */
export const OFFLINE_DOOR = "Storage 1";
export const FULL_KEYPAD_DOOR = "Workshop";

export function applyDemoQuirks(sim: NukiSimulator) {
  const lockOf = (name: string) => DEMO_DOORS.find((d) => d.name === name)?.smartlockId;
  const offline = lockOf(OFFLINE_DOOR);
  if (offline !== undefined) sim.setOnline(offline, false);
  const full = lockOf(FULL_KEYPAD_DOOR);
  const lock = full === undefined ? undefined : sim.locks.get(full);
  if (lock && lock.maxKeypadCodes === undefined) {
    lock.maxKeypadCodes = 1;
    sim.addPreexistingAuth({ smartlockId: lock.smartlockId, name: "Caretaker", code: 539871 });
  }
}

type Plan = { door: string; customer: number; window: CreateWindowInput["window"]; note?: string };

const HOUR = 3_600_000;

/**
 * A week that looks lived in, made the way staff make it: windows created through the engine
 * (createWindow, audited as the front desk) and sent by the reconciler to the simulator, so every
 * state is real — on lock, failed with Nuki's reason, lock offline, a queued rotation, a weekly
 * series, and (last) one still sending. People then use their doors, which fills the activity log.
 *
 * Runs once, right after the demo building is seeded, in the background: start-up does not wait.
 */
export async function populateDemoWeek(
  e: EngineContext,
  sim: NukiSimulator,
  o: { settleTimeoutMs?: number } = {},
): Promise<{ windows: number; entries: number; settled: boolean }> {
  const [desk] = await e.db.select().from(users).where(eq(users.email, DEMO_STAFF[2].email));
  if (!desk) throw new Error("demo week: the demo front desk user is missing (seed the building first)");
  const actor: Actor = { id: desk.id, role: desk.role, label: desk.name, customerId: null };
  const doorRows = await e.db.select({ id: doors.id, name: doors.name }).from(doors);
  const doorId = new Map(doorRows.map((d) => [d.name, d.id]));
  const customerRows = await e.db.select({ id: customers.id, email: customers.email }).from(customers);
  const byEmail = new Map(customerRows.map((c) => [c.email, c.id]));
  const customerId = (i: number) => byEmail.get(DEMO_CUSTOMERS[i]?.email ?? "");

  const now = e.now();
  const hour = Math.floor(now / HOUR) * HOUR; // whole hours: Berlin's offset is whole hours too
  const once = (fromH: number, untilH: number) => ({
    kind: "once" as const,
    startsAt: new Date(hour + fromH * HOUR),
    endsAt: new Date(hour + untilH * HOUR),
  });
  const today = localDateOf(now, DEMO_TIME_ZONE);
  const monday = addDays(today, -weekdayOf(today));
  const at = (days: number, fromH: number, untilH: number) => {
    const d = addDays(today, days);
    return {
      kind: "once" as const,
      startsAt: new Date(zonedInstant(d, fromH * 60, DEMO_TIME_ZONE)),
      endsAt: new Date(zonedInstant(d, untilH * 60, DEMO_TIME_ZONE)),
    };
  };

  // Keypad customers: index % 3 !== 0; app invites: index % 3 === 0 (lib/demo-building.ts).
  const plans: Plan[] = [
    // On the lock now, and used below (entries).
    { door: "Main entrance", customer: 1, window: once(-1, 3) },
    { door: "Back entrance", customer: 2, window: once(-2, 2) },
    { door: "Bike room", customer: 3, window: once(-1, 5) },
    { door: "Studio B", customer: 4, window: once(-3, 4), note: "Photo shoot" },
    { door: "Meeting room 1", customer: 5, window: once(0, 2), note: "Team meeting" },
    // A weekly series: the demo customer (portal sign-in) rents Studio A on weekdays.
    {
      door: "Studio A",
      customer: 0,
      window: {
        kind: "weekly",
        weekdays: 124,
        fromMinute: 8 * 60,
        untilMinute: 18 * 60,
        startsOn: formatLocalDate(monday),
        endsOn: null,
      },
    },
    // Later this week.
    { door: "Studio C", customer: 7, window: at(1, 9, 17) },
    { door: "Meeting room 2", customer: 8, window: at(2, 14, 16), note: "Workshop planning" },
    { door: "Storage 2", customer: 11, window: at(3, 10, 12) },
    // Two windows of one customer on one door that no single weekly pattern covers: the lock holds
    // the first now, the second waits its turn (shown as "Queued").
    { door: "Studio D", customer: 13, window: at(1, 9, 11) },
    { door: "Studio D", customer: 13, window: at(3, 14, 18) },
    // Fails: the Workshop lock's keypad memory is full, and this is a keypad customer.
    { door: FULL_KEYPAD_DOOR, customer: 14, window: at(1, 10, 16), note: "Needs the keypad" },
    // Lock offline, arrival within 24 hours: the at-risk page names this door.
    { door: OFFLINE_DOOR, customer: 16, window: once(2, 4) },
  ];

  let windows = 0;
  const create = async (p: Plan) => {
    const door = doorId.get(p.door);
    const customer = customerId(p.customer);
    if (!door || !customer) return;
    await createWindow(e, actor, { customerId: customer, doorId: door, window: p.window, note: p.note });
    windows++;
  };
  for (const p of plans) await create(p);

  // Wait until the reconciler has sent and the simulator applied what can be applied.
  const settled = await waitFor(async () => {
    const [{ n } = { n: 0 }] = await e.db
      .select({ n: sql<number>`count(*)::int` })
      .from(grants)
      .innerJoin(doors, eq(doors.id, grants.doorId))
      .where(and(eq(grants.status, "pending"), eq(doors.online, true)));
    return n === 0;
  }, o.settleTimeoutMs ?? 30_000);

  // People at their doors: entries for the windows that hold now.
  let entries = 0;
  const onLockNow = await e.db
    .select({ authId: grants.nukiAuthId, smartlockId: doors.smartlockId })
    .from(grants)
    .innerJoin(doors, eq(doors.id, grants.doorId))
    .where(
      and(
        eq(grants.status, "applied"),
        isNotNull(grants.nukiAuthId),
        inArray(
          doors.name,
          plans.slice(0, 5).map((p) => p.door),
        ),
      ),
    );
  for (const g of onLockNow) {
    if (!g.authId) continue;
    sim.entry(g.smartlockId, { authId: g.authId });
    entries++;
  }

  // Last, one that stays "Sending to lock" a while: the simulator answers 204 but does not apply
  // it (twice), so Portier reads the lock back after its confirm timeout and sends again.
  // (Should the rest not have settled in time, whichever change is sent next waits instead.)
  sim.neverApplyNext += 2;
  await create({ door: "Studio C", customer: 19, window: once(1, 3), note: "Just booked" });
  return { windows, entries, settled };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
