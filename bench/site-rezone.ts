// A site's time zone changes: every door of the site takes the new zone and every (customer, door)
// pair with windows is recompiled in the same transaction (lib/access/sites/rezone-doors.ts).
// Prints the time of that one transaction for P pairs, per pair, and a baseline from the same run:
// the per-pair cost of a staff edit that compiles one pair (createWindow), so the ratio says what
// one pair costs inside the bulk rezone against the ordinary path that does the same work.
// Run: npx tsx bench/site-rezone.ts [doors=20] [customers=25] [rounds=5]
import { eq } from "drizzle-orm";
import { sites } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { moveDoors } from "@/lib/access/sites/move-doors";
import { createSite, updateSite } from "@/lib/access/sites/save-site";
import { createWindow } from "@/lib/access/windows/create-window";
import { createEngine } from "@/test/engine";
import { benchDatabase } from "./db";
import { summary } from "./lib";

const DOORS = Number(process.argv[2] ?? 20);
const CUSTOMERS = Number(process.argv[3] ?? 25);
const ROUNDS = Number(process.argv[4] ?? 5);

async function main() {
  const e = await createEngine({ doors: DOORS, customers: CUSTOMERS, db: await benchDatabase() });
  try {
    const admin: Actor = { ...e.actor, role: "admin" };
    const fields = { name: "Bench House", checkIn: "15:00", checkOut: "11:00" };
    let site = await createSite(e, admin, { ...fields, timeZone: "Europe/Berlin" });
    await moveDoors(e, admin, {
      siteId: site.id,
      doors: e.doorIds.map((doorId) => ({ doorId, siteId: null, groupId: null })),
    });
    // moveDoors bumped the site's version: edit from the fresh row, as the page would after its refresh.
    site = (await e.db.select().from(sites).where(eq(sites.id, site.id)))[0]!;
    const startsOn = new Date(e.now() + 86_400_000).toISOString().slice(0, 10);
    const perCreate: number[] = [];
    for (const customerId of e.customerIds)
      for (const doorId of e.doorIds) {
        const t = performance.now();
        await createWindow(e, e.actor, {
          customerId,
          doorId,
          window: { kind: "weekly", weekdays: 31, fromMinute: 540, untilMinute: 1020, startsOn, endsOn: null },
        });
        perCreate.push(performance.now() - t);
      }
    const pairs = DOORS * CUSTOMERS;
    const total: number[] = [];
    const perPair: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t = performance.now();
      const { site: next, rezoned } = await updateSite(e, admin, {
        ...fields,
        timeZone: r % 2 ? "Europe/Berlin" : "America/New_York",
        siteId: site.id,
        expectedVersion: site.version,
      });
      const ms = performance.now() - t;
      if (rezoned.pairs !== pairs) throw new Error(`expected ${pairs} pairs, recompiled ${rezoned.pairs}`);
      site = next;
      total.push(ms);
      perPair.push(ms / pairs);
    }
    console.log(`${DOORS} doors × ${CUSTOMERS} customers = ${pairs} pairs with a weekly window each`);
    summary(`zone change, whole transaction (${pairs} pairs)`, total);
    summary("zone change, per pair", perPair, perCreate);
    summary("baseline: createWindow, one pair", perCreate);
  } finally {
    await e.close();
  }
}

void main();
