import { expect, test } from "@playwright/test";
import { addDays, format } from "date-fns";
import { createWindowViaDialog, DESK, MANAGER, signIn, withAppDb } from "./helpers";

const SIM = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? "4110"}`;
const ELIF = { name: "Elif Ebert", email: "elif.ebert.5@example.com" };
const day = format(addDays(new Date(), 3), "yyyy-MM-dd");

test.describe.configure({ mode: "serial" });

test("[PORTAL] a customer signs in by a one-time link and sees only their own access and code", async ({
  page,
  browser,
}) => {
  // The front desk gives Elif a window.
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${day}`);
  await createWindowViaDialog(page, {
    customer: ELIF.name,
    door: "Studio C (Studios)",
    day,
    from: "09:00",
    until: "11:00",
  });
  await expect(page.locator(`[data-customer="${ELIF.name}"] [data-sync-state]`)).toHaveAttribute(
    "data-sync-state",
    "applied",
    { timeout: 15_000 },
  );

  // Elif, in her own browser, asks for a link.
  const ctx = await browser.newContext();
  const portal = await ctx.newPage();
  await portal.goto("/portal");
  await expect(portal).toHaveURL(/\/portal\/login/);
  await portal.getByLabel("Your email address").fill(ELIF.email);
  await portal.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(portal.getByTestId("link-sent")).toContainText(ELIF.email);
  const body = await withAppDb(
    async (c) =>
      (await c.query('select body from outbox where "to" = $1 order by created_at desc limit 1', [ELIF.email])).rows[0]
        .body as string,
  );
  const link = new URL(/https?:\/\/\S+/.exec(body)![0]);
  await portal.goto(`${link.pathname}${link.search}`);
  await portal.getByRole("button", { name: "Sign in to see my access" }).click();
  await expect(portal).toHaveURL(/\/portal$/);
  await expect(portal.getByTestId("portal-name")).toContainText(ELIF.name);
  await expect(portal.getByTestId("portal-windows")).toContainText("Studio C");
  await expect(portal.getByTestId("portal-doors")).toContainText("Ready: the lock knows your access.");
  await portal.getByRole("button", { name: "Show my code" }).click();
  await expect(portal.getByTestId("my-code-value")).toHaveText(/^[1-9]{6}$/);
  await portal.screenshot({ path: "e2e/screenshots/portal.png", fullPage: true });

  // Nothing of anyone else: staff pages, staff APIs, another customer's page.
  for (const path of ["/api/calendar?from=2026-01-01&to=2026-01-02", "/api/grants?ids=", "/api/activity"]) {
    expect((await portal.request.get(path)).status(), path).toBe(403);
  }
  const other = await withAppDb(
    async (c) =>
      (await c.query("select id from customers where email <> $1 limit 1", [ELIF.email])).rows[0].id as string,
  );
  await portal.goto(`/customers/${other}`);
  await expect(portal).toHaveURL(/\/portal$/);

  // The link worked once.
  await ctx.clearCookies();
  await portal.goto(`${link.pathname}${link.search}`);
  await portal.getByRole("button", { name: "Sign in to see my access" }).click();
  await expect(portal.getByText("This link has expired or was already used.")).toBeVisible();
  await ctx.close();
});

test("[AT RISK] the morning list reacts to a lock going offline and to a critical battery", async ({
  page,
  request,
}) => {
  await signIn(page, MANAGER);
  const bike = await withAppDb(
    async (c) =>
      (await c.query("select smartlock_id from doors where name = 'Bike room'")).rows[0].smartlock_id as string,
  );
  await request.post(`${SIM}/_sim/locks/${bike}/offline`);
  await expect
    .poll(
      async () => {
        await page.goto("/at-risk");
        return page.getByTestId("risk-offline").textContent();
      },
      { timeout: 15_000 },
    )
    .toContain("Bike room");
  await expect(page.getByTestId("risk-battery")).toContainText("Storage 1");
  await page.screenshot({ path: "e2e/screenshots/at-risk.png", fullPage: true });
  await request.post(`${SIM}/_sim/locks/${bike}/online`);
});
