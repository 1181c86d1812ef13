import { expect, test } from "@playwright/test";
import { addDays, format } from "date-fns";
import { createWindowViaDialog, DESK, MANAGER, signIn, withAppDb } from "./helpers";
import { DEMO_CUSTOMER, expectNoSeriousA11yViolations, SIM } from "./pages";

// One clock: a single lock entry reads the same — the door's (Europe/Berlin) wall time, zone named — on
// Activity, the door page, the customer page and the portal, and in the CSV export; whatever the browser's zone.
test.use({ timezoneId: "America/New_York" });
test.describe.configure({ mode: "serial" });

const DOOR = "Studio D";
const berlin = (iso: string, fields: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hourCycle: "h23", ...fields }).format(new Date(iso));
const zoneOf = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", timeZoneName: "short" })
    .formatToParts(new Date(iso))
    .find((p) => p.type === "timeZoneName")!.value;

test("[ONE CLOCK] one simulated entry shows the same time and zone on Activity, door, customer page, portal and CSV", async ({
  page: deskPage,
  browser,
  request,
}) => {
  let page = deskPage;
  const tomorrow = format(addDays(new Date(), 1), "yyyy-MM-dd");
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${tomorrow}`);
  await createWindowViaDialog(page, {
    customer: DEMO_CUSTOMER.name,
    door: `${DOOR} (Studios)`,
    day: tomorrow,
    from: "09:00",
    until: "11:00",
  });
  const { smartlockId, customerId } = await withAppDb(async (c) => ({
    smartlockId: (await c.query("select smartlock_id from doors where name = $1", [DOOR])).rows[0]
      .smartlock_id as string,
    customerId: (await c.query("select id from customers where email = $1", [DEMO_CUSTOMER.email])).rows[0]
      .id as string,
  }));
  // Wait until the lock holds Anna's auth, then someone presents it at the door.
  let authId = "";
  await expect
    .poll(
      async () => {
        const state = (await (await request.get(`${SIM}/_sim/state`)).json()) as {
          auths: { id: string; smartlockId: number; name: string; authId: string | null }[];
        };
        authId =
          state.auths.find((a) => String(a.smartlockId) === smartlockId && a.name.startsWith("Anna Adler") && a.authId)
            ?.id ?? "";
        return authId;
      },
      { timeout: 20_000 },
    )
    .not.toBe("");
  const log = (await (
    await request.post(`${SIM}/_sim/entry`, { data: { smartlockId: Number(smartlockId), authId } })
  ).json()) as {
    date: string;
  };
  const zone = zoneOf(log.date);
  const shown = `${berlin(log.date, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" })} ${zone}`;
  expect(shown).toMatch(/ \d{2}:\d{2}:\d{2} CES?T$/);

  // Activity (a manager's page), filtered to the door's day: From = To = that day is inclusive.
  const today = berlin(log.date, { year: "numeric", month: "2-digit", day: "2-digit" }).split("/").reverse().join("-");
  // Activity is read by a manager, in a browser of its own (the desk is still signed in on `page`).
  const managerCtx = await browser.newContext();
  page = await managerCtx.newPage();
  await signIn(page, MANAGER);
  await expect
    .poll(
      async () => {
        await page.goto(`/activity?customer=${customerId}&from=${today}&to=${today}`);
        return page
          .getByTestId("activity-table")
          .textContent()
          .catch(() => "");
      },
      { timeout: 15_000 },
    )
    .toContain(shown);
  await expectNoSeriousA11yViolations(page, "/activity with entries");
  const yesterday = format(addDays(new Date(`${today}T12:00:00`), -1), "yyyy-MM-dd");
  await page.goto(`/activity?customer=${customerId}&from=${yesterday}&to=${yesterday}`);
  await expect(page.getByText(shown)).toHaveCount(0);

  // The CSV names the zone and carries the same wall time.
  const csv = await (await page.request.get(`/api/activity?customer=${customerId}&from=${today}&to=${today}`)).text();
  const wall = `${today} ${berlin(log.date, { hour: "2-digit", minute: "2-digit", second: "2-digit" })}`;
  expect(csv).toContain(`"${wall}","Europe/Berlin (${zone})","${new Date(log.date).toISOString()}"`);

  // The door page and the customer page.
  const doorId = await withAppDb(
    async (c) => (await c.query("select id from doors where name = $1", [DOOR])).rows[0].id as string,
  );
  await page.goto(`/doors/${doorId}`);
  await expect(page.getByTestId("door-entries")).toContainText(shown);
  await expectNoSeriousA11yViolations(page, "door page with entries");
  await page.goto(`/customers/${customerId}`);
  await expect(page.getByTestId("customer-entries")).toContainText(`${shown} · ${DOOR}`);

  // The portal, in the customer's own browser.
  const ctx = await browser.newContext({ timezoneId: "Asia/Tokyo" });
  const portal = await ctx.newPage();
  await signIn(portal, DEMO_CUSTOMER);
  await expect(portal.getByTestId("portal-entries")).toContainText(`${shown} · ${DOOR}`);
  await expect(portal.getByTestId("portal-windows")).toContainText("Europe/Berlin time");
  await expectNoSeriousA11yViolations(portal, "/portal with windows and entries");
  await ctx.close();
  await managerCtx.close();
});
