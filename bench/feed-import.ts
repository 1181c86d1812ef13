// Importing booking feeds: 1,000 reservations across 100 doors (one Airbnb-shaped feed per door,
// 10 stays each). Prints the Nuki calls issued against one per reservation, the time until every
// stay is on its lock at the client's request budget (1 req/s, burst 10; simulated time), and the
// wall time of the import (fetch + parse + apply) per feed — median/p99 — against a baseline from
// the same run: the same windows created straight through the calendar's createWindow.
// Run: npx tsx --conditions=react-server bench/feed-import.ts [doors=100] [perDoor=10]
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { customers, users } from "@/db/schema";
import { createFeed, pollFeedNow } from "@/lib/access/feeds/manage-feeds";
import { reconcileOnce } from "@/lib/access/reconciler/run-once";
import { createWindow } from "@/lib/access/windows/create-window";
import { RequestBudget } from "@/lib/nuki/budget";
import { NukiClient } from "@/lib/nuki/client";
import { DEFAULT_TOKEN } from "@/lib/nuki/sim/simulator";
import { advance, createEngine, type Engine } from "@/test/engine";
import { icsOf } from "@/test/feed-server";
import { benchDatabase } from "./db";

const DOORS = Number(process.argv[2] ?? 100);
const PER_DOOR = Number(process.argv[3] ?? 10);
const DAY = 86_400_000;

const ymd = (t: number) => new Date(t).toISOString().slice(0, 10).replaceAll("-", "");
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function converge(e: Engine) {
  const start = e.now();
  for (let passes = 0; ; passes++) {
    const r = await reconcileOnce(e, "bench");
    await advance(e, 2500);
    const rows = await e.db.query.grants.findMany({ columns: { status: true } });
    if (rows.every((g) => g.status === "applied")) return { passes: passes + 1, simulatedMs: e.now() - start };
    if (r.claimed === 0) await advance(e, e.config.confirmTimeoutMs);
    if (passes > 5000) throw new Error("did not converge");
  }
}

async function main() {
  const e = await createEngine({ doors: DOORS, customers: 1, db: await benchDatabase(), config: { batchSize: 5000 } });
  // Stays start two days out, two nights each, every 4 days per door (no overlaps).
  const base = Date.UTC(2026, 0, 7);
  const bodies = new Map<string, string>();
  for (let d = 0; d < DOORS; d++)
    bodies.set(
      `/feed/${d}.ics`,
      icsOf(
        Array.from({ length: PER_DOOR }, (_, i) => ({
          uid: `d${d}-r${i}@airbnb.com`,
          start: ymd(base + i * 4 * DAY),
          end: ymd(base + (i * 4 + 2) * DAY),
          description: `Phone Number (Last 4 Digits): ${String(1000 + i).slice(-4)}`,
        })),
      ),
    );
  const server = createServer((req, res) => {
    const body = bodies.get((req.url ?? "").split("?")[0]!) ?? "";
    const etag = `"${body.length}-${req.url}"`;
    if (req.headers["if-none-match"] === etag) return res.writeHead(304).end();
    res.writeHead(200, { "content-type": "text/calendar", etag }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The client's own budget (one Nuki account: 1 request/s, burst 10), waiting in simulated time.
  const simTime = { now: () => e.clock.now(), sleep: async (ms: number) => e.clock.advance(ms) };
  e.nuki = new NukiClient({
    baseUrl: e.simUrl,
    token: DEFAULT_TOKEN,
    clock: simTime,
    budget: new RequestBudget({ ratePerSec: 1, burst: 10, clock: simTime }),
  });

  const feedIds: string[] = [];
  for (let d = 0; d < DOORS; d++)
    feedIds.push(
      (
        await createFeed(e, e.actor, {
          name: `Listing ${d}`,
          url: `${origin}/feed/${d}.ics?s=token`,
          doorId: e.doorIds[d]!,
          profile: "airbnb",
          enable: true,
        })
      ).id,
    );
  const importMs: number[] = [];
  const t0 = performance.now();
  for (const id of feedIds) {
    const s = performance.now();
    const r = await pollFeedNow(e, e.actor, id);
    if (r.outcome !== "applied" || r.report!.created !== PER_DOOR) throw new Error(`feed ${id}: ${JSON.stringify(r)}`);
    importMs.push(performance.now() - s);
  }
  const importTotal = performance.now() - t0;
  const before = e.nuki.stats.requests;
  const { passes, simulatedMs } = await converge(e);
  const calls = e.nuki.stats.requests - before;
  const total = DOORS * PER_DOOR;

  // Unchanged feeds next poll: conditional GET, 304, nothing written.
  const again: number[] = [];
  for (const id of feedIds) {
    const s = performance.now();
    await pollFeedNow(e, e.actor, id);
    again.push(performance.now() - s);
  }

  // Baseline in the same run: the same number of windows through the calendar's createWindow
  // (one customer each, created beforehand), 10 per door.
  const [staff] = await e.db.select().from(users).where(eq(users.id, e.actor.id));
  const guestRows = await e.db
    .insert(customers)
    .values(
      Array.from({ length: total }, (_, i) => ({
        name: `Baseline ${i}`,
        email: `b${i}@example.com`,
        preferredCredential: "keypad" as const,
      })),
    )
    .returning();
  const baseMs: number[] = [];
  const late = base + 200 * DAY;
  for (let d = 0; d < DOORS; d++) {
    const s = performance.now();
    for (let i = 0; i < PER_DOOR; i++)
      await createWindow(
        e,
        { ...e.actor, label: staff!.name ?? "Desk" },
        {
          customerId: guestRows[d * PER_DOOR + i]!.id,
          doorId: e.doorIds[d]!,
          window: { kind: "once", startsAt: new Date(late + i * 4 * DAY), endsAt: new Date(late + (i * 4 + 2) * DAY) },
        },
      );
    baseMs.push(performance.now() - s);
  }

  const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} ms, p99 ${pct(xs, 99).toFixed(0)} ms`;
  console.log(`feed import: ${total} reservations on ${DOORS} doors (${DOORS} feeds × ${PER_DOOR})`);
  console.log(
    `  Nuki calls until every stay is on its lock: ${calls} vs ${total} at one per reservation (×${(calls / total).toFixed(2)}), ${passes} reconciler passes`,
  );
  console.log(`  on the locks after ${(simulatedMs / 1000).toFixed(0)} s simulated at 1 req/s (burst 10)`);
  console.log(
    `  import wall time per feed (fetch + parse + guests + windows + grants + audit): ${fmt(importMs)}; all ${DOORS}: ${(importTotal / 1000).toFixed(1)} s`,
  );
  console.log(
    `  baseline, the same ${PER_DOOR} windows per door through createWindow: ${fmt(baseMs)} → feed import ×${(pct(importMs, 50) / pct(baseMs, 50)).toFixed(2)} the calendar's own cost`,
  );
  console.log(`  unchanged feed re-poll (conditional GET → 304): ${fmt(again)}`);
  server.close();
  await e.close();
  process.exit(0);
}
void main();
