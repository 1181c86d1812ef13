import { expect, test } from "@playwright/test";
import { addDays, format } from "date-fns";
import { createWindowViaDialog, DESK, MANAGER, signIn, withAppDb } from "./helpers";
import { expectNoSeriousA11yViolations, SIM } from "./pages";

test.describe.configure({ mode: "serial" });

const CUSTOMER = "Hannes Berg"; // a keypad customer no other spec schedules
const DOOR = "Studio B";

test("[FIX IN PLACE] a failure shows on At risk, the customer and the door page with its fix and its window; fixed from At risk", async ({
  page,
  browser,
  request,
}) => {
  const tomorrow = format(addDays(new Date(), 1), "yyyy-MM-dd");
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${tomorrow}`);
  await request.post(`${SIM}/_sim/fail-next`, {
    data: {
      route: "PUT /smartlock/auth",
      status: 422,
      count: 1,
      body: { code: 422, reasonPhrase: "Unprocessable Entity", description: "Keypad is not paired with this lock" },
    },
  });
  await createWindowViaDialog(page, {
    customer: CUSTOMER,
    door: `${DOOR} (Studios)`,
    day: tomorrow,
    from: "09:00",
    until: "10:00",
  });
  const { customerId, doorId, windowId, smartlockId } = await withAppDb(async (c) => {
    const row = (
      await c.query(
        `select w.id, w.customer_id, w.door_id, d.smartlock_id from access_windows w
           join customers cu on cu.id = w.customer_id join doors d on d.id = w.door_id
          where cu.name = $1 and d.name = $2 order by w.created_at desc limit 1`,
        [CUSTOMER, DOOR],
      )
    ).rows[0];
    return { customerId: row.customer_id, doorId: row.door_id, windowId: row.id, smartlockId: row.smartlock_id };
  });

  // At risk lists it, with the fix and the exact window.
  const item = page.locator(`[data-testid=risk-grant][data-customer="${CUSTOMER}"]`);
  await expect
    .poll(
      async () => {
        await page.goto("/at-risk");
        return item
          .locator("[data-sync-state]")
          .getAttribute("data-sync-state")
          .catch(() => null);
      },
      { timeout: 20_000 },
    )
    .toBe("failed");
  await expect(item).toContainText("Keypad is not paired");
  await expectNoSeriousA11yViolations(page, "/at-risk with a failure (front desk)");
  await expect(item.getByRole("link", { name: /Show in calendar/ })).toHaveAttribute(
    "href",
    `/calendar?window=${windowId}&date=${tomorrow}`,
  );

  // The customer page and the door page offer the same fix; "Open in calendar" opens the failure's week.
  await page.goto(`/customers/${customerId}`);
  const row = page.getByTestId("customer-doors").getByRole("row").filter({ hasText: DOOR });
  await expect(row.getByRole("button", { name: `Retry ${CUSTOMER} on ${DOOR}` })).toBeVisible();
  await expect(row.getByRole("link", { name: /Show in calendar/ })).toHaveAttribute(
    "href",
    `/calendar?window=${windowId}&date=${tomorrow}`,
  );
  await expect(page.getByRole("link", { name: "Open in calendar" })).toHaveAttribute(
    "href",
    `/calendar?view=week&customer=${customerId}&date=${tomorrow}`,
  );
  await expect(page.getByRole("link", { name: "Give access…" })).toHaveAttribute(
    "href",
    `/calendar?customer=${customerId}&new=1`,
  );
  await expectNoSeriousA11yViolations(page, "customer page with a failure (front desk)");
  await page.goto(`/doors/${doorId}`);
  await expect(
    page.getByTestId("door-problems").getByRole("button", { name: `Retry ${CUSTOMER} on ${DOOR}` }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page, "door page with a failure (front desk)");

  // A manager reads the same list but changes nothing: the window link, no buttons.
  const ctx = await browser.newContext();
  const manager = await ctx.newPage();
  await signIn(manager, MANAGER);
  await manager.goto("/at-risk");
  const seen = manager.locator(`[data-testid=risk-grant][data-customer="${CUSTOMER}"]`);
  await expect(seen.getByRole("link", { name: /Show in calendar/ })).toBeVisible();
  await expect(seen.getByRole("button")).toHaveCount(0);
  await expectNoSeriousA11yViolations(manager, "/at-risk with a failure (manager)");
  await manager.goto(`/customers/${customerId}`);
  await expect(manager.getByTestId("customer-doors").getByRole("button")).toHaveCount(0);
  await expect(manager.getByRole("link", { name: "Give access…" })).toHaveCount(0);
  await ctx.close();

  // Fixed from At risk: Retry, and the lock gets it.
  await page.goto("/at-risk");
  await item.getByRole("button", { name: `Retry ${CUSTOMER} on ${DOOR}` }).click();
  await expect(page.getByTestId("toast")).toContainText("Trying again now.");
  await expect
    .poll(
      async () => {
        const state = (await (await request.get(`${SIM}/_sim/state`)).json()) as {
          auths: { smartlockId: number; name: string; authId: string | null }[];
        };
        return state.auths.some(
          (a) => String(a.smartlockId) === String(smartlockId) && a.name.startsWith(CUSTOMER) && a.authId,
        );
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await expect
    .poll(
      async () => {
        await page.goto("/at-risk");
        return item.count();
      },
      { timeout: 15_000 },
    )
    .toBe(0);
  await page.goto(`/customers/${customerId}`);
  await expect(page.getByTestId("customer-doors").getByRole("row").filter({ hasText: DOOR })).toContainText("On lock");
});
