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
