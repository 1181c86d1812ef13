// The door timeline at scale, in real Chromium against `next start` (needs a build): a Tower site
// of 300 doors with 10,000 windows in the measured fortnight (100,000 over the year, 5,000
// customers; bench/timeline-fixture.ts). Prints, each against a baseline from the same run or a goal:
//   - first paint (navigation → rows and bars drawn and the page interactive) for 1 week and 2
//     weeks, vs a bare virtualized list of the same rows (same data from the same API, names only,
//     no bars)                                                                     goal ≤ 1.5×
//   - DOM: rows, bars and elements rendered vs the rows and bars that intersect the viewport
//                                                                  goal ≤ 1.5× (3 rows of overscan)
//   - a scripted pointer drag of a bar (120 moves): real frame intervals (requestAnimationFrame),
//     the work per move (pointermove → preview laid out), and Chromium's own script + style +
//     layout time per move (CDP Performance.getMetrics)          goal work p95 ≤ 16 ms, frames ≤ 16.7 ms
//   - time to apply a door-group filter (select → new rows drawn)
// (The API's own latency for a site-week is bench/timeline-api.ts.)
// Run: npx next build && npx tsx --conditions=react-server bench/timeline.ts [runs=5]
// (BENCH_PORT / BENCH_PG_PORT / BENCH_SIM_PORT pin the ports on a shared machine.)
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, openSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "@playwright/test";
import { Client } from "pg";
import { embeddedDatabaseUrl } from "@/db/embedded-password";
import { freePort } from "@/test/free-port";
import { addDays, formatLocalDate, localDateOf, weekdayOf, zonedInstant } from "@/lib/time/zoned-time";
import { quantile, stopProcess, summary, waitForHttp } from "./lib";
import { seedLargeBuilding } from "./timeline-fixture";

const RUNS = Number(process.argv[2] ?? 5);
const TZ = "Europe/Berlin";
const today = localDateOf(Date.now(), TZ);
const monday = addDays(today, 14 - weekdayOf(today));
const mondayIso = formatLocalDate(monday);
const focus = new Date(zonedInstant(monday, 0, TZ));

const goal = (label: string, value: number, limit: number, unit: string) =>
  console.log(`  goal ${label}: ${value.toFixed(2)}${unit} (≤ ${limit}${unit}) ${value <= limit ? "met" : "NOT met"}`);

async function timelinePaint(page: Page, base: string, site: string, span: number) {
  const t0 = performance.now();
  await page.goto(`${base}/timeline?site=${site}&date=${mondayIso}&span=${span}`);
  // data-ready: the range's data is drawn and the page is hydrated (bars can be dragged).
  await page.locator("[data-testid=timeline][data-ready='1'] [data-bar]").first().waitFor({ timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  return performance.now() - t0;
}

// What the timeline put in the DOM vs what its viewport shows: rows and bars whose boxes intersect
// the scrolling grid's visible area (below the sticky ruler, right of the sticky row heads).
const DOM_COUNTS = `(() => {
  const grid = document.querySelector("[data-testid=timeline]");
  const g = grid.getBoundingClientRect();
  const ruler = grid.querySelector("[data-testid=timeline-ruler]").getBoundingClientRect();
  const head = 232;
  const inView = (r, lane) => r.bottom > ruler.bottom && r.top < g.bottom && r.right > (lane ? g.left + head : g.left) && r.left < g.right;
  const rows = [...grid.querySelectorAll("li")];
  const bars = [...grid.querySelectorAll("[data-bar]")];
  return {
    rows: rows.length,
    rowsInView: rows.filter((e) => inView(e.getBoundingClientRect(), false)).length,
    bars: bars.length,
    barsInView: bars.filter((e) => inView(e.getBoundingClientRect(), true)).length,
    gridElements: grid.querySelectorAll("*").length,
    pageElements: document.querySelectorAll("*").length,
  };
})()`;
type DomCounts = {
  rows: number;
  rowsInView: number;
  bars: number;
  barsInView: number;
  gridElements: number;
  pageElements: number;
};

/** The baseline: the same rows from the same API, drawn as a bare virtualized list (names only). */
async function barePaint(page: Page, base: string, site: string, span: number) {
  const from = focus.toISOString();
  const to = new Date(zonedInstant(addDays(monday, span), 0, TZ)).toISOString();
  const t0 = performance.now();
  await page.goto(`${base}/forbidden`);
  await page.evaluate(
    async ({ url }) => {
      const data = await (await fetch(url, { cache: "no-store" })).json();
      const box = document.createElement("div");
      box.style.cssText = "height:70vh;overflow:auto;position:relative";
      const inner = document.createElement("div");
      inner.style.cssText = `position:relative;height:${data.doors.length * 44}px`;
      const first = Math.floor(box.scrollTop / 44);
      const count = Math.ceil(window.innerHeight / 44) + 12;
      for (const d of data.doors.slice(first, first + count)) {
        const row = document.createElement("div");
        row.style.cssText = `position:absolute;top:${data.doors.indexOf(d) * 44}px;height:44px`;
        row.textContent = `${d.name} ${d.online ? "online" : "offline"}`;
        inner.append(row);
      }
      box.append(inner);
      document.body.append(box);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    },
    { url: `/api/timeline?site=${site}&from=${from}&to=${to}` },
  );
  return performance.now() - t0;
}
const barePageElements = (page: Page) => page.evaluate(() => document.querySelectorAll("*").length);

// A string, not a function: tsx (esbuild keepNames) would wrap inner functions in a __name helper
// that does not exist in the page.
const INSTRUMENT_DRAG = `
  window.__moves = [];
  window.__frames = [];
  // Capture at window runs before the timeline's own (bubbling) listener; the message runs after it
  // and after React's microtask render; reading the preview's box forces style and layout.
  window.addEventListener("pointermove", () => {
    const t0 = performance.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      document.querySelector("[data-testid=timeline-ghost]")?.getBoundingClientRect();
      window.__moves.push(performance.now() - t0);
    };
    ch.port2.postMessage(0);
  }, true);
  let last = performance.now();
  const loop = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (window.__frames.length < 100000) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
`;

/** Chromium's own accounting (seconds of main-thread work by kind), read before and after the drag. */
async function perfMetrics(cdp: Awaited<ReturnType<BrowserContext["newCDPSession"]>>) {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return {
    script: m.ScriptDuration ?? 0,
    style: m.RecalcStyleDuration ?? 0,
    layout: m.LayoutDuration ?? 0,
    task: m.TaskDuration ?? 0,
  };
}

const MOVES = 120;

async function dragWork(page: Page, context: BrowserContext) {
  await page.evaluate(INSTRUMENT_DRAG);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const bar = page.locator("[data-bar]").nth(20);
  const box = (await bar.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.evaluate(() => {
    (window as unknown as { __frames: number[] }).__frames.length = 0;
  });
  const m0 = await perfMetrics(cdp);
  for (let i = 1; i <= MOVES; i++) await page.mouse.move(x + i * 3, y + Math.round(Math.sin(i / 10) * 60));
  const m1 = await perfMetrics(cdp);
  const r = await page.evaluate(() => {
    const w = window as unknown as { __moves: number[]; __frames: number[] };
    return { moves: [...w.__moves], frames: [...w.__frames] };
  });
  await page.keyboard.press("Escape");
  await page.mouse.up();
  await cdp.detach();
  // Per move, in ms: main-thread script, style and layout Chromium counted during the drag.
  const per = (k: keyof typeof m0) => ((m1[k] - m0[k]) * 1000) / MOVES;
  return { ...r, cdp: { script: per("script"), style: per("style"), layout: per("layout"), task: per("task") } };
}

async function filterTime(page: Page, group: string) {
  const sel = page.getByRole("combobox", { name: "Door group" });
  const t0 = performance.now();
  await sel.selectOption(group);
  await page.waitForFunction(
    () =>
      /, 31 rows$/.test(document.querySelector("[data-testid=timeline] ul")?.getAttribute("aria-label") ?? "") &&
      document.querySelector("[data-testid=timeline][data-ready='1']"),
    null,
    { timeout: 30_000 },
  );
  const ms = performance.now() - t0;
  await sel.selectOption("");
  await page.waitForFunction(
    () => /, 310 rows$/.test(document.querySelector("[data-testid=timeline] ul")?.getAttribute("aria-label") ?? ""),
    null,
    { timeout: 30_000 },
  );
  return ms;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portier-timeline-"));
  chmodSync(dir, 0o755);
  // BENCH_PORT / BENCH_PG_PORT / BENCH_SIM_PORT pin the ports on a shared machine; else free ones.
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  const pgPort = Number(process.env.BENCH_PG_PORT ?? (await freePort()));
  const simPort = Number(process.env.BENCH_SIM_PORT ?? (await freePort()));
  const base = `http://127.0.0.1:${port}`;
  // The server's own output goes to a file (BENCH_LOG) so a crash under load can be read afterwards.
  const logFile = process.env.BENCH_LOG ?? path.join(dir, "server.log");
  const app = spawn("node_modules/.bin/next", ["start", "-p", String(port)], {
    stdio: ["ignore", openSync(logFile, "a"), openSync(logFile, "a")],
    detached: true,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: dir,
      EMBEDDED_PG_PORT: String(pgPort),
      SIM_PORT: String(simPort),
      PORT: String(port),
      DEMO_SEED: "building",
      // The fixture's locks are not in the simulator: keep the engine from working on them meanwhile.
      RECONCILER: "off",
      AUTH_SECRET: "bench-secret-0123456789-0123456789-abcdef",
    },
  });
  try {
    await waitForHttp(`${base}/login`, 120_000);
    const db = new Client({ connectionString: embeddedDatabaseUrl(path.join(dir, "pg"), pgPort) });
    db.on("error", () => {}); // the server stopping at the end must not crash the report
    await db.connect();
    const s0 = performance.now();
    const { towerId, groupIds } = await seedLargeBuilding(db, { focus });
    const counts = (
      await db.query(
        `select (select count(*) from doors) doors, (select count(*) from customers) customers,
                (select count(*) from access_windows) windows, (select count(*) from grants) grants,
                (select count(*) from access_windows w join doors d on d.id = w.door_id
                  where d.site_id = $1 and w.starts_at < $2::timestamptz + interval '14 days' and w.ends_at > $2) fortnight`,
        [towerId, focus.toISOString()],
      )
    ).rows[0];
    console.log(
      `fixture: ${counts.doors} doors, ${counts.customers} customers, ${counts.windows} windows (${counts.fortnight} on Tower's 300 doors in the fortnight), ${counts.grants} grants — seeded in ${((performance.now() - s0) / 1000).toFixed(1)} s`,
    );
    await db.end();

    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, timezoneId: TZ });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill("desk@portier.test");
    await page.getByLabel("Password").fill("portier-desk");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/calendar/);
    console.log("signed in; measuring…");

    for (const span of [7, 14]) {
      const tl: number[] = [];
      const bare: number[] = [];
      await timelinePaint(page, base, towerId, span); // warm
      await barePaint(page, base, towerId, span);
      for (let i = 0; i < RUNS; i++) {
        bare.push(await barePaint(page, base, towerId, span));
        tl.push(await timelinePaint(page, base, towerId, span));
      }
      const dom = (await page.evaluate(DOM_COUNTS)) as DomCounts;
      await barePaint(page, base, towerId, span);
      const bareElements = await barePageElements(page);
      await timelinePaint(page, base, towerId, span);
      summary(`bare virtualized list, 300 doors × ${span} d`, bare);
      summary(`timeline first paint, 300 doors × ${span} d`, tl, bare);
      goal(`first paint ${span} d vs bare list`, quantile(tl, 0.5) / quantile(bare, 0.5), 1.5, "×");
      console.log(
        `  DOM: ${dom.rows} rows (${dom.rowsInView} in view), ${dom.bars} bars (${dom.barsInView} in view), ${dom.gridElements} elements in the grid; page ${dom.pageElements} elements vs the bare list's ${bareElements}`,
      );
      goal(`rows rendered / rows in view, ${span} d`, dom.rows / Math.max(1, dom.rowsInView), 1.5, "×");
      goal(`bars rendered / bars in view, ${span} d`, dom.bars / Math.max(1, dom.barsInView), 1.5, "×");
    }

    await timelinePaint(page, base, towerId, 7);
    const drags = [];
    for (let i = 0; i < Math.max(1, Math.ceil(RUNS / 2)); i++) {
      await timelinePaint(page, base, towerId, 7);
      drags.push(await dragWork(page, context));
    }
    const drag = {
      moves: drags.flatMap((d) => d.moves),
      frames: drags.flatMap((d) => d.frames),
      cdp: drags.map((d) => d.cdp),
    };
    summary("work per pointer move while dragging", drag.moves);
    summary("frame interval while dragging (rAF)", drag.frames);
    const mean = (k: "script" | "style" | "layout" | "task") =>
      drag.cdp.reduce((a, c) => a + c[k], 0) / drag.cdp.length;
    console.log(
      `  Chromium per move (CDP): script ${mean("script").toFixed(2)} ms, style ${mean("style").toFixed(2)} ms, layout ${mean("layout").toFixed(2)} ms, all main-thread tasks ${mean("task").toFixed(2)} ms; frames over 25 ms: ${drag.frames.filter((f) => f > 25).length} of ${drag.frames.length}`,
    );
    goal("drag work p95", quantile(drag.moves, 0.95), 16, " ms");
    goal("drag frame interval p95 (one 60 Hz frame)", quantile(drag.frames, 0.95), 16.7, " ms");

    const filt: number[] = [];
    await timelinePaint(page, base, towerId, 7);
    for (let i = 0; i < RUNS; i++) filt.push(await filterTime(page, groupIds[(i % 9) + 1]!));
    summary("apply a door-group filter (300 → 30 doors)", filt);

    await browser.close();
  } catch (e) {
    console.error("bench failed:", e);
    process.exitCode = 1;
  } finally {
    await stopProcess(app);
    rmSync(dir, { recursive: true, force: true });
  }
}
void main();
