import { expect, type Locator, type Page, test } from "@playwright/test";
import { DESK, MANAGER, signIn, withAppDb } from "./helpers";
import { expectNoSeriousA11yViolations } from "./pages";

/**
 * The door timeline (#11): real drags in Chromium (create, move to another door, resize, Escape,
 * keyboard), a door far down a long list, DST days drawn truthfully in two sites' zones from a
 * browser in a third zone, and a long-list accessibility check. A second site ("Harbour Loft",
 * New York, 240 lockers) is arranged in SQL and removed afterwards so other specs see the demo building.
 */
const HOUR = 3_600_000;
const PX_PER_HOUR_DAY = 48; // the one-day span's default zoom (door-timeline.tsx SPAN_ZOOM)
const LOCKERS = 240;
let berlinSite: string;
let harbourSite: string;

/** YYYY-MM-DD of a day n days from now, on Berlin's wall clock. */
function berlinDay(n: number) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date(Date.now() + n * 86_400_000));
}
/** The instant a Berlin/New York wall time reads, from the database (Postgres knows the zones). */
async function instant(local: string, zone: string): Promise<number> {
  return withAppDb(async (c) => {
    const r = await c.query("select extract(epoch from ($1::timestamp at time zone $2)) * 1000 as t", [local, zone]);
    return Number(r.rows[0].t);
  });
}

/** A customer of this spec's own: whatever earlier specs scheduled, her bars are only the ones made here. */
const CUSTOMER = "Tilda Timeline";

test.beforeAll(async () => {
  await withAppDb(async (c) => {
    await c.query(
      "insert into customers (name, email, preferred_credential) values ($1, 'tilda.timeline@example.com', 'keypad') on conflict (email) do nothing",
      [CUSTOMER],
    );
    berlinSite = (await c.query("select id from sites where name = 'Portier House'")).rows[0].id;
    const site = await c.query(
      "insert into sites (name, time_zone) values ('Harbour Loft', 'America/New_York') on conflict (name) do update set time_zone = excluded.time_zone returning id",
    );
    harbourSite = site.rows[0].id;
    const group = await c.query(
      "insert into door_groups (site_id, name) values ($1, 'Lockers') on conflict (site_id, name) do update set name = excluded.name returning id",
      [harbourSite],
    );
    await c.query(
      `insert into doors (name, smartlock_id, time_zone, site_id, group_id)
       select 'Locker ' || lpad(n::text, 3, '0'), 990000000 + n, 'America/New_York', $1, $2 from generate_series(1, $3) n
       on conflict (smartlock_id) do nothing`,
      [harbourSite, group.rows[0].id, LOCKERS],
    );
  });
});
test.afterAll(async () => {
  await withAppDb(async (c) => {
    await c.query("delete from doors where site_id = $1", [harbourSite]);
    await c.query("delete from sites where id = $1", [harbourSite]);
  });
});

const timeline = (page: Page) => page.getByTestId("timeline");
const row = (page: Page, door: string) => timeline(page).locator(`li[data-door="${door}"]`);
const lane = (page: Page, door: string) => row(page, door).locator("[data-lane]");

/** The x (page pixels) of an instant in a door's lane: lanes start at the range start, x by elapsed time. */
async function xAt(l: Locator, from: number, t: number) {
  const box = (await l.boundingBox())!;
  return box.x + ((t - from) / HOUR) * PX_PER_HOUR_DAY;
}
async function midY(l: Locator) {
  const box = (await l.boundingBox())!;
  return box.y + box.height / 2;
}

async function openDay(page: Page, site: string, date: string) {
  await page.goto(`/timeline?site=${site}&date=${date}&span=1`);
  await expect(timeline(page)).toHaveAttribute("data-ready", "1");
}

test("[TIMELINE] drag to create, move to another door, resize, Escape cancels, arrows move", async ({ page }) => {
  await signIn(page, DESK);
  const day = berlinDay(3);
  // The page carries its first range: drawing it needs no request to the API.
  const apiReads: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/timeline") apiReads.push(r.url());
  });
  await openDay(page, berlinSite, day);
  expect(apiReads).toEqual([]);
  const from = await instant(`${day} 00:00`, "Europe/Berlin");
  await expect(page.getByTestId("timeline-zone")).toContainText("Europe/Berlin");

  // Create: drag 10:00 → 12:00 on Studio A's empty lane; the dialog opens with that door and span.
  const a = lane(page, "Studio A");
  const y = await midY(a);
  await page.mouse.move(await xAt(a, from, from + 10 * HOUR + 60_000), y);
  await page.mouse.down();
  await page.mouse.move(await xAt(a, from, from + 11 * HOUR), y, { steps: 5 });
  await expect(page.getByTestId("timeline-ghost")).toBeVisible();
  await page.mouse.move(await xAt(a, from, from + 12 * HOUR - 60_000), y, { steps: 5 });
  await page.mouse.up();
  const dialog = page.getByTestId("window-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("From")).toHaveValue(`${day} 10:00`);
  await expect(dialog.getByLabel("Until")).toHaveValue(`${day} 12:00`);
  await dialog.getByPlaceholder("Search name or email").fill(CUSTOMER);
  await dialog.getByRole("listbox", { name: "Customer" }).selectOption({ index: 0 });
  await dialog.getByRole("button", { name: "Save window" }).click();
  await expect(dialog).toBeHidden();
  const bar = timeline(page).locator(`[data-customer="${CUSTOMER}"]`);
  await expect(bar).toHaveCount(1);
  await expect(bar).toHaveAttribute("data-start", new Date(from + 10 * HOUR).toISOString());
  await expect(row(page, "Studio A").locator(`[data-customer="${CUSTOMER}"]`)).toHaveCount(1);
  // Its name says who, where, when and the lock's truth.
  await expect(bar).toHaveAccessibleName(/Tilda Timeline, Studio A, .* 10:00–12:00, (Sending to lock|On lock)/);

  // Move: grab the middle, drop one hour later on Studio B (another row).
  const b = lane(page, "Studio B");
  const box = (await bar.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2 + 5, { steps: 3 });
  await page.mouse.move(box.x + box.width / 2 + PX_PER_HOUR_DAY, await midY(b), { steps: 8 });
  await page.mouse.up();
  await expect(row(page, "Studio B").locator(`[data-customer="${CUSTOMER}"]`)).toHaveAttribute(
    "data-start",
    new Date(from + 11 * HOUR).toISOString(),
  );
  await expect(row(page, "Studio A").locator(`[data-customer="${CUSTOMER}"]`)).toHaveCount(0);
  await expect(bar).toHaveAttribute("data-end", new Date(from + 13 * HOUR).toISOString());

  // Resize: its right edge one hour further (13:00 → 14:00); the start stays.
  await expect(bar.locator("[data-sync-state]")).not.toHaveAttribute("data-sync-state", "pending", { timeout: 15_000 });
  const r = (await bar.boundingBox())!;
  await page.mouse.move(r.x + r.width - 2, r.y + r.height / 2);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width + 20, r.y + r.height / 2, { steps: 4 });
  await page.mouse.move(r.x + r.width - 2 + PX_PER_HOUR_DAY, r.y + r.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(bar).toHaveAttribute("data-end", new Date(from + 14 * HOUR).toISOString());
  await expect(bar).toHaveAttribute("data-start", new Date(from + 11 * HOUR).toISOString());

  // Escape cancels a drag in flight: nothing changes, nothing is sent.
  const c = (await bar.boundingBox())!;
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  await page.mouse.down();
  await page.mouse.move(c.x + c.width / 2 + 3 * PX_PER_HOUR_DAY, c.y + c.height / 2, { steps: 8 });
  await expect(page.getByTestId("timeline-ghost")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("timeline-ghost")).toBeHidden();
  await page.mouse.up();
  await page.waitForTimeout(500);
  await expect(bar).toHaveAttribute("data-start", new Date(from + 11 * HOUR).toISOString());

  // Keyboard: focus the bar, two quarter hours later, Enter saves (Escape would cancel).
  await page.keyboard.press("Escape"); // closes the panel the click above may have opened
  await bar.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("timeline-ghost")).toContainText("11:30–14:30");
  await expect(page.getByTestId("timeline-announce")).toContainText("Enter saves");
  await page.keyboard.press("Enter");
  await expect(bar).toHaveAttribute("data-start", new Date(from + 11.5 * HOUR).toISOString());
  await expect(bar).toHaveAttribute("data-end", new Date(from + 14.5 * HOUR).toISOString());
  // …and Shift+ArrowLeft shortens it by a quarter hour, Escape throws that away.
  await bar.focus();
  await page.keyboard.press("Shift+ArrowLeft");
  await expect(page.getByTestId("timeline-ghost")).toContainText("11:30–14:15");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("timeline-ghost")).toBeHidden();
  await expect(bar).toHaveAttribute("data-end", new Date(from + 14.5 * HOUR).toISOString());
  await page.screenshot({ path: "e2e/screenshots/timeline-day.png" });
});

test("[TIMELINE] virtualization: only visible rows are in the page; a locker far down is scrolled to and edited", async ({
  page,
}) => {
  await signIn(page, DESK);
  const day = berlinDay(5);
  await openDay(page, harbourSite, day);
  await expect(page.getByTestId("timeline-zone")).toContainText("America/New_York");
  const rendered = await timeline(page).locator("li[data-door]").count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60); // of 240 doors
  await expect(row(page, "Locker 238")).toHaveCount(0);
  // Time is virtualized too: zoomed in to 128 px an hour, the evening is not drawn until scrolled to.
  const ruler = page.getByTestId("timeline-ruler");
  await expect(ruler.locator('[data-hour="22:00"]')).toHaveCount(1);
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Zoom in" }).click();
  await expect(ruler.locator('[data-hour="22:00"]')).toHaveCount(0);
  await timeline(page).evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
  });
  await expect(ruler.locator('[data-hour="22:00"]')).toHaveCount(1);
  await expect(ruler.locator('[data-hour="01:00"]')).toHaveCount(0);
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Zoom out" }).click();
  await timeline(page).evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(row(page, "Locker 238")).toBeVisible();
  await expect(row(page, "Locker 001")).toHaveCount(0);
  const from = await instant(`${day} 00:00`, "America/New_York");
  const l = lane(page, "Locker 238");
  await timeline(page).evaluate((el) => {
    el.scrollLeft = 0;
  });
  const y = await midY(l);
  await page.mouse.move(await xAt(l, from, from + 8 * HOUR), y);
  await page.mouse.down();
  await page.mouse.move(await xAt(l, from, from + 9 * HOUR), y, { steps: 6 });
  await page.mouse.up();
  const dialog = page.getByTestId("window-dialog");
  await expect(dialog.getByLabel("From")).toHaveValue(`${day} 08:00`);
  await dialog.getByPlaceholder("Search name or email").fill("Ida");
  await dialog.getByRole("listbox", { name: "Customer" }).selectOption({ index: 0 });
  await dialog.getByRole("button", { name: "Save window" }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, "Locker 238").locator('[data-customer^="Ida"]')).toHaveAttribute(
    "data-start",
    new Date(from + 8 * HOUR).toISOString(),
  );
  // Collapsing the group leaves one row; expanding brings the lockers back.
  await timeline(page).evaluate((el) => {
    el.scrollTop = 0;
  });
  await page.getByRole("button", { name: /Lockers \(240 doors\)/ }).click();
  await expect(timeline(page).locator("li[data-door]")).toHaveCount(0);
  await page.getByRole("button", { name: /Lockers \(240 doors\)/ }).click();
  await expect(row(page, "Locker 001")).toBeVisible();
});

// A laptop in Tokyo looking at a Berlin and a New York site: each is drawn on its own wall clock.
test.describe("[TIMELINE] DST days, drawn truthfully in the site's zone", () => {
  test.use({ timezoneId: "Asia/Tokyo" });
  const CASES = [
    {
      site: () => berlinSite,
      zone: "Europe/Berlin",
      spring: "2027-03-28",
      fall: "2026-10-25",
      twice: "02:00",
      names: ["CEST", "CET"],
      // 01:00–04:00 on the wall clock: 2 real hours in spring, 4 in autumn.
      from: "01:00",
      hours: [2, 4],
    },
    {
      site: () => harbourSite,
      zone: "America/New_York",
      spring: "2027-03-14",
      fall: "2026-11-01",
      twice: "01:00",
      names: ["EDT", "EST"],
      // From midnight (01:00 itself is ambiguous in New York in autumn): 3 real hours, then 5.
      from: "00:00",
      hours: [3, 5],
    },
  ];
  for (const k of CASES) {
    test(`${k.zone}: the skipped hour is missing and marked, the repeated hour shows twice, bars have their real length`, async ({
      page,
    }) => {
      const door = k.zone === "Europe/Berlin" ? "Studio C" : "Locker 002";
      await withAppDb(async (c) => {
        const d = (await c.query("select id from doors where name = $1", [door])).rows[0].id;
        const cust = (await c.query("select id from customers order by name limit 1")).rows[0].id;
        await c.query("delete from access_windows where door_id = $1", [d]);
        for (const day of [k.spring, k.fall])
          await c.query(
            `insert into access_windows (customer_id, door_id, kind, starts_at, ends_at)
             values ($1, $2, 'once', ($3 || ' ' || $5)::timestamp at time zone $4, ($3 || ' 04:00')::timestamp at time zone $4)`,
            [cust, d, day, k.zone, k.from],
          );
      });
      await signIn(page, MANAGER);

      await openDay(page, k.site(), k.spring);
      const ruler = page.getByTestId("timeline-ruler");
      await expect(ruler.locator('[data-hour="01:00"]')).toHaveCount(1);
      await expect(ruler.locator('[data-hour="02:00"]')).toHaveCount(0);
      await expect(ruler.locator('[data-dst="skipped"]')).toHaveCount(1);
      await expect(ruler).toContainText("(23 h)");
      await expect(page.getByTestId("dst-note")).toContainText("02:00–03:00 does not exist");
      const spring = row(page, door).locator("[data-bar]");
      await expect(spring).toHaveCount(1);
      expect(Math.round((await spring.boundingBox())!.width)).toBe(k.hours[0]! * PX_PER_HOUR_DAY);
      // The skipped mark sits where the clock jumps: 01:00 + one real hour.
      const one = (await ruler.locator('[data-hour="01:00"]').boundingBox())!;
      const jump = (await ruler.locator('[data-dst="skipped"]').boundingBox())!;
      expect(Math.abs(jump.x - (one.x + PX_PER_HOUR_DAY))).toBeLessThan(3);
      await page.screenshot({ path: `e2e/screenshots/timeline-dst-spring-${k.zone.replace("/", "-")}.png` });

      await openDay(page, k.site(), k.fall);
      const twice = ruler.locator(`[data-hour="${k.twice}"]`);
      await expect(twice).toHaveCount(2);
      expect(await twice.evaluateAll((els) => els.map((e) => e.getAttribute("data-repeated")))).toEqual(k.names);
      await expect(ruler).toContainText("(25 h)");
      await expect(ruler.locator('[data-dst="repeated"]')).toHaveCount(1);
      const fall = row(page, door).locator("[data-bar]");
      expect(Math.round((await fall.boundingBox())!.width)).toBe(k.hours[1]! * PX_PER_HOUR_DAY);
      await expect(fall).toHaveAccessibleName(new RegExp(`${k.from}–04:00`));
      // Read-only for a manager: no "New window", and a drag changes nothing.
      await expect(page.getByRole("button", { name: "New window" })).toHaveCount(0);
    });
  }
});

test("[A11Y] the timeline with a long list: names on rows and bars, axe clean, usable by keyboard alone", async ({
  page,
}) => {
  await signIn(page, DESK);
  const day = berlinDay(5);
  await openDay(page, harbourSite, day);
  await expectNoSeriousA11yViolations(page, "/timeline (240 doors)");
  // Every rendered row and bar has a name; rows say the door's live state.
  const names = await timeline(page)
    .locator("li[data-door], [data-bar]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
  expect(names.length).toBeGreaterThan(5);
  expect(names.every((n) => n.length > 3)).toBe(true);
  await expect(row(page, "Locker 003")).toHaveAccessibleName(/Locker 003 \(Lockers\): (online|offline)/);
  // Keyboard alone: from the site picker, Tab reaches the span buttons and the first group's toggle.
  await page.getByRole("combobox", { name: "Site" }).focus();
  await page.getByRole("combobox", { name: "Site" }).selectOption(berlinSite);
  await expect(timeline(page)).toHaveAttribute("data-ready", "1");
  await expectNoSeriousA11yViolations(page, "/timeline (demo building)");
  await page.getByRole("button", { name: "Week", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/span=7/);
  // Filters live in the URL: a status filter survives a reload.
  await page.getByRole("combobox", { name: "Sync status" }).selectOption("failed");
  await expect(page).toHaveURL(/states=failed/);
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Sync status" })).toHaveValue("failed");
});
