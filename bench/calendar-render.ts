// Calendar rendering in real Chromium against `next start` (needs a build): time from navigation to
// every window drawn, for 0 (baseline), 500 and 2,000 windows in the visible week, in week (time grid)
// and month views, each next to a bare react-big-calendar drawing the same events (bench/bare-calendar.ts:
// a static page the bench builds and serves to Chromium itself); and time from saving a window to its
// badge reading "On lock" with the simulator applying writes after 2 s.
// Run: npx next build && npx tsx --conditions=react-server bench/calendar-render.ts [runs=3]
// (BENCH_PORT / BENCH_PG_PORT / BENCH_SIM_PORT pin the ports on a shared machine.)
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { addDays, format, startOfWeek } from "date-fns";
import { chromium, type Page } from "@playwright/test";
import { Client } from "pg";
import { embeddedDatabaseUrl } from "@/db/embedded-password";
import { freePort } from "@/test/free-port";
import { type BareEvent, barePage } from "./bare-calendar";
import { fmt, quantile, startProcess, stopProcess, summary, waitForHttp } from "./lib";

const RUNS = Number(process.argv[2] ?? 3);
const monday = startOfWeek(addDays(new Date(), 14), { weekStartsOn: 1 });

async function seedWindows(db: Client, n: number) {
  await db.query("delete from access_windows");
  const doors = (await db.query("select id from doors")).rows.map((r) => r.id as string);
  const customers = (await db.query("select id from customers")).rows.map((r) => r.id as string);
  const values: string[] = [];
  for (let i = 0; i < n; i++) {
    // Distinct (customer, door, slot) per window: no overlaps, spread over the week's working hours.
    const slot = Math.floor(i / (doors.length * customers.length));
    const start = new Date(monday.getTime() + ((i % 7) * 24 + 7 + (slot % 12)) * 3_600_000);
    values.push(
      `('${customers[i % customers.length]}', '${doors[Math.floor(i / customers.length) % doors.length]}', 'once', '${start.toISOString()}', '${new Date(start.getTime() + 3_600_000).toISOString()}')`,
    );
  }
  for (let i = 0; i < values.length; i += 500)
    await db.query(
      `insert into access_windows (customer_id, door_id, kind, starts_at, ends_at) values ${values.slice(i, i + 500).join(",")}`,
    );
}

async function timeView(page: Page, base: string, view: "week" | "month", expected: number) {
  const t0 = performance.now();
  await page.goto(`${base}/calendar?view=${view}&date=${format(monday, "yyyy-MM-dd")}`);
  if (expected === 0) await page.locator(".rbc-calendar").waitFor();
  else if (view === "week" && expected > 500) await page.getByText(/too many to draw in a time grid/).waitFor();
  else
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll("[data-testid=calendar-event]").length >= n ||
        document.querySelectorAll(".rbc-show-more").length > 0,
      Math.min(expected, 1),
    );
  if (expected > 0 && view === "week" && expected <= 500)
    await page.waitForFunction((n) => document.querySelectorAll("[data-testid=calendar-event]").length >= n, expected, {
      timeout: 60_000,
    });
  return performance.now() - t0;
}

/** The same windows as the page draws, for the bare calendar: customer name, start, end. */
async function bareEvents(db: Client): Promise<BareEvent[]> {
  const r = await db.query(
    "select c.name, w.starts_at, w.ends_at from access_windows w join customers c on c.id = w.customer_id",
  );
  return r.rows.map((x) => ({ title: x.name, start: x.starts_at.toISOString(), end: x.ends_at.toISOString() }));
}

/** Navigation → every event drawn by a bare react-big-calendar (month: its cells filled or "+N more"). */
async function timeBare(page: Page, events: BareEvent[], view: "week" | "month") {
  const html = await barePage(events, view, monday);
  await page.route("http://bare.bench/**", (route) => route.fulfill({ contentType: "text/html", body: html }));
  const t0 = performance.now();
  await page.goto("http://bare.bench/");
  if (events.length === 0) await page.locator(".rbc-calendar").waitFor();
  else if (view === "week")
    await page.waitForFunction((n) => document.querySelectorAll(".rbc-event").length >= n, events.length, {
      timeout: 120_000,
    });
  else await page.waitForFunction(() => document.querySelectorAll(".rbc-event, .rbc-show-more").length > 0);
  const ms = performance.now() - t0;
  await page.unroute("http://bare.bench/**");
  return ms;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portier-cal-"));
  chmodSync(dir, 0o755);
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  const pgPort = Number(process.env.BENCH_PG_PORT ?? (await freePort()));
  const simPort = Number(process.env.BENCH_SIM_PORT ?? (await freePort()));
  const base = `http://127.0.0.1:${port}`;
  const app = startProcess("node_modules/.bin/next", ["start", "-p", String(port)], {
    DATA_DIR: dir,
    EMBEDDED_PG_PORT: String(pgPort),
    SIM_PORT: String(simPort),
    PORT: String(port),
    SIM_APPLY_DELAY_MS: "2000",
    AUTH_SECRET: "bench-secret-0123456789-0123456789-abcdef",
  });
  await waitForHttp(`${base}/login`);
  const db = new Client({ connectionString: embeddedDatabaseUrl(path.join(dir, "pg"), pgPort) });
  await db.connect();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, timezoneId: "Europe/Berlin" });
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill("desk@portier.test");
  await page.getByLabel("Password").fill("portier-desk");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/calendar/);

  const results: Record<string, number[]> = {};
  const bare: Record<string, number[]> = {};
  for (const n of [0, 500, 2000]) {
    await seedWindows(db, n);
    const events = await bareEvents(db);
    for (const view of ["week", "month"] as const) {
      const key = `${view} view, ${n} windows`;
      results[key] = [];
      bare[key] = [];
      await timeView(page, base, view, n); // warm
      await timeBare(page, events, view);
      for (let i = 0; i < RUNS; i++) {
        results[key]!.push(await timeView(page, base, view, n));
        bare[key]!.push(await timeBare(page, events, view));
      }
    }
  }
  for (const [k, v] of Object.entries(results))
    summary(
      `${k}${k.startsWith("week") && k.includes("2000") ? " (refused: asks for filters)" : ""}`,
      v,
      results[`${k.split(",")[0]}, 0 windows`],
    );

  console.log("\nside by side with a bare react-big-calendar drawing the same events (median):");
  for (const [k, v] of Object.entries(results)) {
    const b = bare[k]!;
    const note =
      k.startsWith("week") && k.includes("2000") ? " (Portier refuses: asks for filters; bare draws them all)" : "";
    console.log(
      `  ${k.padEnd(26)} Portier ${fmt(quantile(v, 0.5)).padStart(8)}  bare ${fmt(quantile(b, 0.5)).padStart(8)}  ×${(quantile(v, 0.5) / quantile(b, 0.5)).toFixed(2)}${note}`,
    );
  }

  // Save → "On lock", 2 s simulator delay.
  await db.query("delete from access_windows");
  const lat: number[] = [];
  for (let i = 0; i < Math.max(3, RUNS); i++) {
    await page.goto(`${base}/calendar?view=day&date=${format(addDays(monday, i), "yyyy-MM-dd")}`);
    await page.getByRole("button", { name: "New window" }).click();
    const dialog = page.getByTestId("window-dialog");
    await dialog.getByPlaceholder("Search name or email").fill("Anna");
    await dialog.getByRole("listbox", { name: "Customer" }).selectOption({ index: 0 });
    await dialog.getByLabel("From").fill(`${format(addDays(monday, i), "yyyy-MM-dd")}T10:00`);
    await dialog.getByLabel("Until").fill(`${format(addDays(monday, i), "yyyy-MM-dd")}T11:00`);
    const t0 = performance.now();
    await dialog.getByRole("button", { name: "Save window" }).click();
    await page.locator('[data-customer="Anna Adler"] [data-sync-state="applied"]').waitFor({ timeout: 30_000 });
    lat.push(performance.now() - t0);
  }
  summary(
    "save → badge 'On lock' (2 s simulator delay)",
    lat,
    lat.map(() => 2000),
  );
  console.log(`p50 ${quantile(lat, 0.5).toFixed(0)} ms`);
  await browser.close();
  await db.end();
  await stopProcess(app);
  rmSync(dir, { recursive: true, force: true });
}
void main();
