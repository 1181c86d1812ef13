// The Today board's query at 300 doors (issue 11): arrivals of the next 24 h with their readiness
// (windows + grants + alerts + token health, occurrences and rules in memory) vs the bare SELECT of the
// same windows (with door and customer) as the baseline, both measured in the same run on one database;
// the board's own joined query alone in between, so the in-memory part (occurrences, rules) shows.
// Seed per door: 3 one-off arrivals in the next 24 h, every third door a weekly series (every day
// 09:00–17:00), 10 past windows; grants mostly applied, some pending, failed, app invites; 5 % offline.
// Run: NODE_OPTIONS=--conditions=react-server npx tsx bench/today.ts [doors=300] [runs=40]
import { eq } from "drizzle-orm";
import { accessWindows, customers, doors, grants, type NewDoor, users } from "@/db/schema";
import { selectArrivalRows, todayArrivals } from "@/lib/access/readiness/today-arrivals";
import { windowTouches } from "@/lib/access/views/window-range";
import { benchDatabase } from "./db";
import { summary } from "./lib";

const DOORS = Number(process.argv[2] ?? 300);
const RUNS = Number(process.argv[3] ?? 40);
const H = 3_600_000;

async function main() {
  const db = await benchDatabase();
  const now = Date.now();
  const iso = (t: number) => new Date(t).toISOString();
  const doorRows = await db.db
    .insert(doors)
    .values(
      Array.from(
        { length: DOORS },
        (_, i): NewDoor => ({
          name: `Room ${i}`,
          smartlockId: 4 * 2 ** 32 + i,
          timeZone: i % 2 ? "Europe/Berlin" : "America/New_York",
          online: i % 20 !== 0,
          offlineSince: i % 20 === 0 ? new Date(now - 2 * H) : null,
        }),
      ),
    )
    .returning({ id: doors.id, timeZone: doors.timeZone });
  const customerRows = await db.db
    .insert(customers)
    .values(
      Array.from({ length: DOORS * 5 }, (_, i) => ({
        name: `Guest ${i}`,
        email: `g${i}@example.com`,
        // Distinct tags: the column's random 6-hex default collides now and then among 1,500 rows.
        tag: `b${i.toString(16).padStart(5, "0")}`,
        preferredCredential: (i % 7 === 0 ? "app" : "keypad") as "app" | "keypad",
      })),
    )
    .returning({ id: customers.id, credential: customers.preferredCredential });
  const [staff] = await db.db
    .insert(users)
    .values({ email: "desk@example.com", name: "Desk", role: "staff" })
    .returning();
  const windows: (typeof accessWindows.$inferInsert)[] = [];
  const grantRows: (typeof grants.$inferInsert)[] = [];
  for (const [d, door] of doorRows.entries()) {
    for (let k = 0; k < 3; k++) {
      const c = customerRows[d * 5 + k]!;
      const start = now + ((d * 3 + k) % 23) * H + 30 * 60_000;
      const end = start + 2 * H;
      windows.push({
        customerId: c.id,
        doorId: door.id,
        kind: "once",
        startsAt: new Date(start),
        endsAt: new Date(end),
      });
      const n = d * 3 + k;
      grantRows.push({
        customerId: c.id,
        doorId: door.id,
        credential: c.credential,
        status: n % 10 === 0 ? "pending" : n % 25 === 0 ? "failed" : "applied",
        appliedAt: new Date(now - 3 * H),
        desired: {
          name: `Guest #${n}`,
          type: c.credential === "app" ? 0 : 13,
          enabled: true,
          remoteAllowed: false,
          allowedFromDate: iso(start),
          allowedUntilDate: iso(end),
          allowedWeekDays: 127,
          allowedFromTime: 0,
          allowedUntilTime: 0,
        },
      });
    }
    if (d % 3 === 0) {
      const c = customerRows[d * 5 + 3]!;
      windows.push({
        customerId: c.id,
        doorId: door.id,
        kind: "weekly",
        startsAt: new Date(now - 30 * 24 * H),
        endsAt: null,
        weekdays: 127,
        fromMinute: 540,
        untilMinute: 1020,
        seriesStart: new Date(now - 30 * 24 * H).toISOString().slice(0, 10),
      });
      grantRows.push({
        customerId: c.id,
        doorId: door.id,
        credential: c.credential,
        status: "applied",
        appliedAt: new Date(now - 30 * 24 * H),
        desired: {
          name: `Weekly ${d}`,
          type: c.credential === "app" ? 0 : 13,
          enabled: true,
          remoteAllowed: false,
          allowedFromDate: null,
          allowedUntilDate: null,
          allowedWeekDays: 127,
          allowedFromTime: 540,
          allowedUntilTime: 1020,
        },
      });
    }
    for (let p = 0; p < 10; p++) {
      const start = now - (p + 2) * 24 * H;
      windows.push({
        customerId: customerRows[d * 5 + 4]!.id,
        doorId: door.id,
        kind: "once",
        startsAt: new Date(start),
        endsAt: new Date(start + 3 * H),
      });
    }
  }
  for (let i = 0; i < windows.length; i += 1000) await db.db.insert(accessWindows).values(windows.slice(i, i + 1000));
  for (let i = 0; i < grantRows.length; i += 1000) await db.db.insert(grants).values(grantRows.slice(i, i + 1000));
  await db.pool.query("analyze");
  const actor = { id: staff!.id, role: "staff" as const, label: "Desk", customerId: null };

  // Baseline: the same windows, with door and customer, and nothing else.
  const bare = () =>
    db.db
      .select({ w: accessWindows, doorName: doors.name, customerName: customers.name })
      .from(accessWindows)
      .innerJoin(doors, eq(doors.id, accessWindows.doorId))
      .innerJoin(customers, eq(customers.id, accessWindows.customerId))
      // The same range predicate as the board's (windowTouches, on the GiST index).
      .where(windowTouches(new Date(now), new Date(now + 24 * H)));
  const time = async (f: () => Promise<unknown>) => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };
  for (let i = 0; i < 5; i++) {
    await bare();
    await todayArrivals(db.db, actor, now);
  }
  const base: number[] = [];
  const joined: number[] = [];
  const board: number[] = [];
  // Interleaved, so both see the same machine load (two cores shared with other work).
  for (let i = 0; i < RUNS; i++) {
    base.push(await time(bare));
    joined.push(await time(() => selectArrivalRows(db.db, now, now + 24 * H)));
    board.push(await time(() => todayArrivals(db.db, actor, now)));
  }
  const r = await todayArrivals(db.db, actor, now);
  console.log(
    `${DOORS} doors, ${windows.length} windows, ${grantRows.length} grants → ${r.arrivals.length} arrivals (${r.counts.ready} ready, ${r.counts.at_risk} at risk, ${r.counts.not_ready} not ready)`,
  );
  summary("bare SELECT of the same windows (baseline)", base);
  summary("the board's one query (windows + grants)", joined, base);
  summary("Today board: arrivals + readiness", board, base);
  await db.drop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
