// GET /api/timeline and /api/calendar for one site-week of the large building (issue 11; fixture
// db/large-building.ts: Tower, 300 doors, ~6,000 occurrences in the measured week of 100,000 windows
// over a year, 5,000 customers). Prints, each against a baseline measured in the same run:
//   1. in process (no HTTP): timelineView + JSON.stringify (what the route does) and calendarView for the
//      same site-week, vs the bare SQL of the same rows (windows touching the week on the site's doors,
//      with customer and grant) + JSON.stringify;
//   2. over HTTP against `next start` (only when a build exists: `npx next build` first): the two routes
//      signed in as staff, vs GET /api/health (the HTTP + Next floor)              goal p99 ≤ 100 ms
//   and the bodies' bytes, raw and gzipped (the browser asks for gzip).
// Run: npx tsx --conditions=react-server bench/timeline-api.ts [runs=40]
// BENCH_PORT / BENCH_PG_PORT / BENCH_SIM_PORT pin the ports on a shared machine; else free ones.
import { spawn } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { users } from "@/db/schema";
import { calendarView } from "@/lib/access/views/calendar-view";
import { timelineView } from "@/lib/access/views/timeline-view";
import { hashPassword } from "@/lib/auth/password";
import { addDays, localDateOf, weekdayOf, zonedInstant } from "@/lib/time/zoned-time";
import { freePort } from "@/test/free-port";
import { benchDatabase } from "./db";
import { quantile, stopProcess, summary, waitForHttp } from "./lib";
import { seedLargeBuilding } from "./timeline-fixture";

const RUNS = Number(process.argv[2] ?? 40);
const TZ = "Europe/Berlin";
const today = localDateOf(Date.now(), TZ);
const monday = addDays(today, 14 - weekdayOf(today));
const focus = new Date(zonedInstant(monday, 0, TZ));
const weekEnd = new Date(zonedInstant(addDays(monday, 7), 0, TZ));
const GOAL_P99 = 100;
const EMAIL = "bench-desk@portier.test";
const PASSWORD = "bench-desk-password";

const goal = (label: string, values: number[]) => {
  const p99 = quantile(values, 0.99);
  console.log(
    `  goal ${label} p99 ≤ ${GOAL_P99} ms: ${p99.toFixed(1)} ms = ×${(p99 / GOAL_P99).toFixed(2)} the goal — ${p99 <= GOAL_P99 ? "met" : "NOT met"}`,
  );
};
const bytes = (body: string) =>
  `${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB raw, ${(gzipSync(body).length / 1024).toFixed(0)} KiB gzipped`;

async function time(f: () => Promise<unknown>) {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Signs in through next-auth's credentials callback (as the sign-in form does) and returns the cookie header. */
async function signIn(base: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ email: EMAIL, password: PASSWORD, csrfToken, callbackUrl: "/" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${res.status})`);
  return cookie();
}

async function main() {
  const db = await benchDatabase();
  const s0 = performance.now();
  const { towerId } = await seedLargeBuilding(db.pool, { focus });
  const [desk] = await db.db
    .insert(users)
    .values({ email: EMAIL, name: "Bench desk", role: "staff", passwordHash: await hashPassword(PASSWORD) })
    .returning();
  const actor = { id: desk!.id, role: "staff" as const, label: "Bench desk", customerId: null };
  const counts = (
    await db.pool.query(
      `select (select count(*) from doors) doors, (select count(*) from customers) customers,
              (select count(*) from access_windows) windows, (select count(*) from grants) grants`,
    )
  ).rows[0];
  console.log(
    `fixture: ${counts.doors} doors, ${counts.customers} customers, ${counts.windows} windows, ${counts.grants} grants — seeded in ${((performance.now() - s0) / 1000).toFixed(1)} s`,
  );

  // ── 1. in process ──────────────────────────────────────────────────────────────────────────────
  const week = { from: focus, to: weekEnd };
  // The baseline: the same rows (windows touching the week on Tower's live doors, with customer
  // name and grant), straight from pg, serialized — no occurrences, states or event shape.
  const bare = async () => {
    const r = await db.pool.query(
      `select w.*, c.name customer_name, g.id grant_id, g.status, g.status_changed_at, g.last_error, g.credential
       from access_windows w join doors d on d.id = w.door_id join customers c on c.id = w.customer_id
       left join grants g on g.customer_id = w.customer_id and g.door_id = w.door_id
       where d.site_id = $1 and d.archived_at is null
         and tstzrange(w.starts_at, w.ends_at) && tstzrange($2::timestamptz, $3::timestamptz)
       order by w.starts_at, w.id`,
      [towerId, focus.toISOString(), weekEnd.toISOString()],
    );
    return JSON.stringify(r.rows);
  };
  const timeline = async () => JSON.stringify(await timelineView(db.db, actor, { ...week, siteId: towerId }));
  const calendar = async () => JSON.stringify(await calendarView(db.db, actor, { ...week, siteId: towerId }));
  for (let i = 0; i < 5; i++) {
    await bare();
    await timeline();
    await calendar();
  }
  const base: number[] = [];
  const tl: number[] = [];
  const cal: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await time(bare));
    tl.push(await time(timeline));
    cal.push(await time(calendar));
  }
  const view = await timelineView(db.db, actor, { ...week, siteId: towerId });
  const bareRows = JSON.parse(await bare()).length;
  console.log(
    `site-week: ${view.doors.length} doors, ${bareRows} windows → ${view.events.length} occurrences${view.truncated ? " (truncated)" : ""}`,
  );
  summary("bare SQL of the same rows + JSON (baseline)", base);
  summary("timelineView + JSON, Tower site-week", tl, base);
  summary("calendarView + JSON, same site-week", cal, base);
  console.log(
    `  bodies: bare ${bytes(await bare())}; timeline ${bytes(await timeline())}; calendar ${bytes(await calendar())}`,
  );

  // ── 2. over HTTP ───────────────────────────────────────────────────────────────────────────────
  if (!existsSync(".next/BUILD_ID")) {
    console.log("(no build in .next: HTTP part skipped — run `npx next build` first)");
    await db.drop();
    return;
  }
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  const simPort = Number(process.env.BENCH_SIM_PORT ?? (await freePort()));
  const logFile = process.env.BENCH_LOG ?? path.join(os.tmpdir(), `portier-timeline-api-${process.pid}.log`);
  const app = spawn("node_modules/.bin/next", ["start", "-p", String(port)], {
    stdio: ["ignore", openSync(logFile, "a"), openSync(logFile, "a")],
    detached: true,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: db.url,
      SIM_PORT: String(simPort),
      PORT: String(port),
      // A user exists (the bench's own), so no demo building is added; the fixture's locks are not in
      // the simulator, so the engine stays off.
      DEMO_SEED: "off",
      RECONCILER: "off",
      LOG_LEVEL: "warn",
      AUTH_SECRET: "bench-secret-0123456789-0123456789-abcdef",
    },
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/login`, 120_000);
    const cookie = await signIn(base);
    const get = async (url: string) => {
      // accept-encoding as a browser sends it: the body is compressed when Next compresses.
      const res = await fetch(`${base}${url}`, { headers: { cookie, "accept-encoding": "gzip" } });
      const body = await res.text();
      if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
      return { body, encoding: res.headers.get("content-encoding") };
    };
    const range = `from=${focus.toISOString()}&to=${weekEnd.toISOString()}`;
    const urls = {
      health: "/api/health",
      timeline: `/api/timeline?site=${towerId}&${range}`,
      calendar: `/api/calendar?site=${towerId}&${range}`,
    };
    for (let i = 0; i < 5; i++) for (const u of Object.values(urls)) await get(u);
    const h: number[] = [];
    const t: number[] = [];
    const c: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      h.push(await time(() => get(urls.health)));
      t.push(await time(() => get(urls.timeline)));
      c.push(await time(() => get(urls.calendar)));
    }
    summary("GET /api/health (HTTP floor, baseline)", h);
    summary("GET /api/timeline, Tower site-week", t, h);
    summary("GET /api/calendar, same site-week", c, h);
    const tb = await get(urls.timeline);
    const cb = await get(urls.calendar);
    console.log(
      `  bodies: timeline ${bytes(tb.body)} (sent ${tb.encoding ?? "uncompressed"}); calendar ${bytes(cb.body)} (sent ${cb.encoding ?? "uncompressed"})`,
    );
    goal("GET /api/timeline", t);
    goal("GET /api/calendar", c);
  } finally {
    await stopProcess(app);
    await db.drop();
  }
}

main().catch((e) => {
  console.error("bench failed:", e);
  process.exit(1);
});
