import { expect, test } from "@playwright/test";
import { DESK, MANAGER, signIn, withAppDb } from "./helpers";
import { expectNoSeriousA11yViolations } from "./pages";

test.describe.configure({ mode: "serial" });

/**
 * A window arriving in an hour with nothing set up on its lock (inserted straight into the database, as
 * a half-finished import would leave it): the Today board says Not ready and why, and the in-app alert
 * job mails the desk once.
 */
test("[TODAY] a not-ready arrival is on the board with its reason and alerts the desk once", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000); // the alert job runs once a minute
  const arranged = await withAppDb(async (c) => {
    const pick = (
      await c.query(
        `select cu.id as customer_id, cu.name as customer, d.id as door_id, d.name as door
           from customers cu cross join doors d
          where d.archived_at is null
            and not exists (select 1 from access_windows w where w.customer_id = cu.id and w.door_id = d.id)
            and not exists (select 1 from grants g where g.customer_id = cu.id and g.door_id = d.id)
          order by cu.name desc, d.name desc limit 1`,
      )
    ).rows[0];
    const w = (
      await c.query(
        `insert into access_windows (customer_id, door_id, kind, starts_at, ends_at, note)
         values ($1, $2, 'once', date_trunc('minute', now()) + interval '61 minutes', date_trunc('minute', now()) + interval '121 minutes', 'e2e today')
         returning id`,
        [pick.customer_id, pick.door_id],
      )
    ).rows[0];
    return { ...pick, windowId: w.id as string };
  });
  try {
    await signIn(page, DESK);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Today" }).click();
    await expect(page).toHaveURL(/\/today$/);
    const row = page
      .getByTestId("today-arrival")
      .filter({ hasText: arranged.customer })
      .filter({ hasText: arranged.door });
    await expect(row.locator("[data-readiness]")).toHaveAttribute("data-readiness", "not_ready");
    await expect(row.locator("[data-reason=no_access]")).toContainText("No access is set up");
    await expect(row.getByRole("link", { name: /Show in calendar/ })).toHaveAttribute(
      "href",
      new RegExp(`/calendar\\?window=${arranged.windowId}&date=`),
    );
    await expectNoSeriousA11yViolations(page, "/today with a not-ready arrival (front desk)");

    // The periodic job (every minute) alerts the desk once: one outbox message, one alert row.
    await expect
      .poll(
        () =>
          withAppDb(
            async (c) =>
              (
                await c.query(
                  "select count(*)::int as n from outbox where kind = 'arrival-not-ready' and subject like $1",
                  [`%${arranged.customer}%${arranged.door}%`],
                )
              ).rows[0].n,
          ),
        { timeout: 90_000, intervals: [2000] },
      )
      .toBe(1);
    await page.reload();
    await expect(row).toContainText("Desk alerted");

    // A manager reads the board and changes nothing: no fix buttons.
    const ctx = await browser.newContext();
    const mp = await ctx.newPage();
    await signIn(mp, MANAGER);
    await mp.goto("/today");
    const mrow = mp
      .getByTestId("today-arrival")
      .filter({ hasText: arranged.customer })
      .filter({ hasText: arranged.door });
    await expect(mrow.locator("[data-readiness]")).toHaveAttribute("data-readiness", "not_ready");
    await expect(mrow.getByRole("button")).toHaveCount(0);
    await ctx.close();
  } finally {
    await withAppDb((c) => c.query("delete from access_windows where id = $1", [arranged.windowId]));
  }
});

/**
 * The board reads itself again while it is open (no reload: the page's own state survives), shows one
 * site or all with the choice in the URL, and names each arrival's zone.
 */
test("[TODAY] refreshes in place, filters by site in the URL, and names each arrival's zone", async ({ page }) => {
  test.setTimeout(120_000);
  const insertArrival = (minutes: number) =>
    withAppDb(async (c) => {
      const pick = (
        await c.query(
          `select cu.id as customer_id, cu.name as customer, d.id as door_id, d.name as door
             from customers cu cross join doors d
            where d.archived_at is null and d.site_id is not null
              and not exists (select 1 from access_windows w where w.customer_id = cu.id and w.door_id = d.id)
            order by cu.name, d.name limit 1`,
        )
      ).rows[0];
      const w = await c.query(
        `insert into access_windows (customer_id, door_id, kind, starts_at, ends_at, note)
         values ($1, $2, 'once', date_trunc('minute', now()) + make_interval(mins => $3::int),
                 date_trunc('minute', now()) + make_interval(mins => $3::int + 60), 'e2e today refresh')
         returning id`,
        [pick.customer_id, pick.door_id, minutes],
      );
      return { ...pick, windowId: w.rows[0].id as string };
    });
  const first = await insertArrival(70);
  const annex = await withAppDb(
    async (c) =>
      (await c.query("insert into sites (name, time_zone) values ('E2E Annex', 'America/New_York') returning id"))
        .rows[0].id as string,
  );
  const made = [first.windowId];
  try {
    await signIn(page, DESK);
    await page.goto("/today");
    const rowOf = (a: { customer: string; door: string }) =>
      page.getByTestId("today-arrival").filter({ hasText: a.customer }).filter({ hasText: a.door });
    await expect(rowOf(first).getByTestId("arrival-zone")).toHaveText("Europe/Berlin");

    // A window made elsewhere appears by itself; the page was not reloaded (the marker survives).
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    const second = await insertArrival(80);
    made.push(second.windowId);
    await expect(rowOf(second)).toBeVisible({ timeout: 40_000 });
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    // One site at a time, in the URL.
    await page.getByLabel("Site").selectOption({ label: "E2E Annex (America/New_York)" });
    await expect(page).toHaveURL(new RegExp(`/today\\?site=${annex}$`));
    await expect(page.getByText("No arrivals in the next 24 hours at E2E Annex.")).toBeVisible();
    await page.getByLabel("Site").selectOption({ label: "All sites" });
    await expect(page).toHaveURL(/\/today$/);
    await expect(rowOf(first)).toBeVisible();
  } finally {
    await withAppDb(async (c) => {
      await c.query("delete from access_windows where id = any($1::uuid[])", [made]);
      await c.query("delete from sites where id = $1", [annex]);
    });
  }
});
