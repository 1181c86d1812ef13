// The door timeline at scale, in real Chromium against `next start` (needs a build): a Tower site
// of 300 doors with 10,000 windows in the measured fortnight (100,000 over the year, 5,000
// customers; bench/timeline-fixture.ts). Prints, each against a baseline from the same run:
//   - first paint (navigation → rows and bars drawn) for 1 week and 2 weeks, vs a bare virtualized
//     list of the same rows (same data from the same API, names only, no bars)   goal ≤ 1.5×
//   - work per pointer move while dragging a bar (script + React render + forced layout, per move)
//     and the frame interval seen meanwhile                                        goal p95 ≤ 16 ms
//   - time to apply a door-group filter (select → new rows drawn)
// (The API's own latency for a site-week is bench/timeline-api.ts.)
// Run: npx next build && npx tsx --conditions=react-server bench/timeline.ts [runs=5]
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, openSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
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
  await page.locator("[data-testid=timeline][data-ready='1'] [data-bar]").first().waitFor({ timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  return performance.now() - t0;
}

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

async function dragWork(page: Page) {
  await page.evaluate(INSTRUMENT_DRAG);
  const bar = page.locator("[data-bar]").nth(20);
  const box = (await bar.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.evaluate(() => {
    (window as unknown as { __frames: number[] }).__frames.length = 0;
  });
  for (let i = 1; i <= 120; i++) await page.mouse.move(x + i * 3, y + Math.round(Math.sin(i / 10) * 60));
  const r = await page.evaluate(() => {
    const w = window as unknown as { __moves: number[]; __frames: number[] };
    return { moves: [...w.__moves], frames: [...w.__frames] };
  });
  await page.keyboard.press("Escape");
  await page.mouse.up();
  return r;
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
      const bars = await page.locator("[data-bar]").count();
      const rows = await page.locator("li[data-door]").count();
      summary(`bare virtualized list, 300 doors × ${span} d`, bare);
      summary(`timeline first paint, 300 doors × ${span} d`, tl, bare);
      console.log(`  (${rows} rows and ${bars} bars in the DOM of 300 doors)`);
      goal(`first paint ${span} d vs bare list`, quantile(tl, 0.5) / quantile(bare, 0.5), 1.5, "×");
    }

    await timelinePaint(page, base, towerId, 7);
    const drag = await dragWork(page);
    summary("work per pointer move while dragging", drag.moves);
    summary("frame interval while dragging (rAF)", drag.frames);
    goal("drag work p95", quantile(drag.moves, 0.95), 16, " ms");

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
