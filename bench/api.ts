// Public API latency, in process (serveApi, the same function the /api/v1 route files call; no HTTP):
//  1. window create: POST /windows (key lookup + hash compare, rate-limit UPDATE, validation,
//     Idempotency-Key transaction, the domain's createWindow with grants and audit, usage count)
//     vs the domain's createWindow called directly (what a staff save does) and a bare INSERT of
//     the window row — all in the same run, on the same database.
//  2. a 1-week, 100-door status read: GET /status?from&to (every page, 200 per page) vs the domain's
//     windowStatusPage alone vs a bare SELECT of the same windows with their door and grants.
// Real Postgres (embedded, or BENCH_DATABASE_URL), the simulator only for the engine's wiring.
// Run: npx tsx --conditions=react-server bench/api.ts [creates=200] [reads=30]
import { sql } from "drizzle-orm";
import { accessWindows } from "@/db/schema";
import { createApiKey } from "@/lib/access/api-keys/keys";
import { windowStatusPage } from "@/lib/access/public-api/window-status";
import { createWindow } from "@/lib/access/windows/create-window";
import { operation } from "@/lib/api/operations";
import { serveApi } from "@/lib/api/serve";
import { createEngine } from "@/test/engine";
import { benchDatabase } from "./db";
import { summary } from "./lib";

const CREATES = Number(process.argv[2] ?? 200);
const READS = Number(process.argv[3] ?? 30);
const DOORS = 100;
const CUSTOMERS = 200;
const DAY = 86_400_000;
const HOUR = 3_600_000;

async function main() {
  const e = await createEngine({ doors: DOORS, customers: CUSTOMERS, db: await benchDatabase(), realTime: true });
  const admin = { ...e.actor, role: "admin" as const };
  const { key } = await createApiKey(e.db, admin, { name: "bench", scope: "read_write", expiresAt: null });
  const deps = { ctx: e, rate: { perMinute: 1e9, burst: 1e9 } };
  const post = operation("POST", "/windows");
  const status = operation("GET", "/status");
  const day0 = Math.ceil(Date.now() / DAY) * DAY + 7 * DAY;

  // ── 1. window create ─────────────────────────────────────────────────────────────────────────
  // Each create is a different (customer, door, hour) so none is refused as an overlap; the three
  // variants interleave so drift (cache, autovacuum) hits them alike.
  const api: number[] = [];
  const domain: number[] = [];
  const bare: number[] = [];
  let slot = 0;
  const nextStay = () => {
    const n = slot++;
    const start = day0 + 60 * DAY + n * HOUR;
    return {
      customerId: e.customerIds[n % CUSTOMERS]!,
      doorId: e.doorIds[n % DOORS]!,
      window: { kind: "once" as const, startsAt: new Date(start), endsAt: new Date(start + HOUR / 2) },
    };
  };
  for (let i = 0; i < CREATES; i++) {
    const body = nextStay();
    let t = performance.now();
    const res = await serveApi(
      deps,
      post,
      new Request("http://bench/api/v1/windows", {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "idempotency-key": `bench-${i}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      }),
      {},
    );
    await res.text();
    api.push(performance.now() - t);
    if (res.status !== 201) throw new Error(`POST /windows answered ${res.status}`);

    const direct = nextStay();
    t = performance.now();
    await createWindow(e, e.actor, direct);
    domain.push(performance.now() - t);

    const raw = nextStay();
    t = performance.now();
    await e.db.insert(accessWindows).values({
      customerId: raw.customerId,
      doorId: raw.doorId,
      kind: "once",
      startsAt: raw.window.startsAt,
      endsAt: raw.window.endsAt,
    });
    bare.push(performance.now() - t);
  }
  console.log(`window create (${CREATES} each, interleaved)`);
  summary("  bare INSERT of the row (baseline)", bare);
  summary("  domain createWindow (grants + audit)", domain, bare);
  summary("  POST /api/v1/windows", api, domain);
  console.log(`  API overhead over the domain call: median +${(median(api) - median(domain)).toFixed(2)} ms`);

  // ── 2. 1-week, 100-door status read ──────────────────────────────────────────────────────────
  // A busy week: every door has two stays a day (morning, afternoon) for rotating customers.
  const weekStart = day0;
  let made = 0;
  for (let d = 0; d < 7; d++)
    for (let door = 0; door < DOORS; door++)
      for (const [from, until] of [
        [9, 12],
        [14, 17],
      ] as const) {
        const customer = (door * 2 + (from === 9 ? 0 : 1) + d * 7) % CUSTOMERS;
        await createWindow(e, e.actor, {
          customerId: e.customerIds[customer]!,
          doorId: e.doorIds[door]!,
          window: {
            kind: "once",
            startsAt: new Date(weekStart + d * DAY + from * HOUR),
            endsAt: new Date(weekStart + d * DAY + until * HOUR),
          },
        });
        made++;
      }
  await e.db.execute(sql`analyze`);
  const from = new Date(weekStart).toISOString();
  const to = new Date(weekStart + 7 * DAY).toISOString();

  const apiRead: number[] = [];
  const domainRead: number[] = [];
  const bareRead: number[] = [];
  let items = 0;
  let pages = 0;
  for (let r = 0; r < READS; r++) {
    let t = performance.now();
    let cursor: string | null = null;
    items = 0;
    pages = 0;
    do {
      const url = new URL("http://bench/api/v1/status");
      url.searchParams.set("from", from);
      url.searchParams.set("to", to);
      url.searchParams.set("limit", "200");
      if (cursor) url.searchParams.set("cursor", cursor);
      const res = await serveApi(deps, status, new Request(url, { headers: { authorization: `Bearer ${key}` } }), {});
      const page = (await res.json()) as { items: unknown[]; nextCursor: string | null };
      if (res.status !== 200) throw new Error(`GET /status answered ${res.status}`);
      items += page.items.length;
      pages++;
      cursor = page.nextCursor;
    } while (cursor);
    apiRead.push(performance.now() - t);

    // The domain function alone (what the route calls, without key, rate limit and usage count).
    t = performance.now();
    let afterId: string | undefined;
    for (;;) {
      const p = await windowStatusPage(e.db, e.actor, {
        limit: 200,
        afterId,
        from: new Date(from),
        to: new Date(to),
      });
      if (!p.more) break;
      afterId = p.items.at(-1)!.windowId;
    }
    domainRead.push(performance.now() - t);

    // Baseline: the same rows, pages of 200 by id, with their door and grant, no status logic.
    t = performance.now();
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = await e.db.execute<{ id: string }>(sql`
        select w.*, d.time_zone, d.online, g.status, g.last_error, g.status_changed_at
        from access_windows w join doors d on d.id = w.door_id
        left join grants g on g.customer_id = w.customer_id and g.door_id = w.door_id
        where w.starts_at < ${to} and (w.ends_at is null or w.ends_at > ${from}) and w.id > ${after}
        order by w.id limit 200`);
      if (rows.rows.length < 200) break;
      after = rows.rows.at(-1)!.id;
    }
    bareRead.push(performance.now() - t);
  }
  console.log(`status read: 1 week × ${DOORS} doors = ${made} windows, ${items} statuses in ${pages} pages of ≤ 200`);
  summary("  bare SELECT, same pages (baseline)", bareRead);
  summary("  domain windowStatusPage, all pages", domainRead, bareRead);
  summary("  GET /api/v1/status, all pages", apiRead, domainRead);
  console.log(`  per status: ${(median(apiRead) / items).toFixed(3)} ms`);
  await e.close();
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
