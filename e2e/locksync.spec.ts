import { expect, test } from "@playwright/test";
import { ADMIN, DESK, signIn } from "./helpers";

const SIM = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? "4110"}`;
const OPENER = 2 * 2 ** 32 + 0xe2e001;

test("[LOCKSYNC] Sync from Nuki: a new Opener awaits a site (app only), a removed one is archived, a refused token says so", async ({
  page,
  request,
}) => {
  await request.post(`${SIM}/_sim/locks`, {
    data: { smartlockId: OPENER, name: "Street intercom", deviceType: 2, timeZone: "America/New_York" },
  });
  try {
    await signIn(page, ADMIN);
    await page.goto("/doors");
    await page.getByRole("button", { name: "Sync from Nuki" }).click();
    await expect(page.getByTestId("sync-result")).toContainText("New, awaiting a site: Street intercom");
    const awaiting = page.getByTestId("doors-awaiting-site");
    const row = awaiting.getByRole("row", { name: /Street intercom/ });
    await expect(row).toContainText("Opener");
    await expect(row).toContainText("App only · no keypad");
    await expect(row).toContainText("America/New_York");
    await page.screenshot({ path: "e2e/screenshots/doors-awaiting-site.png", fullPage: true });

    await request.delete(`${SIM}/_sim/locks/${OPENER}`);
    await page.getByRole("button", { name: "Sync from Nuki" }).click();
    await expect(page.getByTestId("sync-result")).toContainText("Archived (removed from Nuki): Street intercom");
    await expect(page.getByTestId("doors-archived")).toContainText("Lock removed from the Nuki account on");
    await page.getByTestId("doors-archived").getByRole("link", { name: "Street intercom" }).click();
    await expect(page.getByTestId("door-archived")).toContainText("Archived.");
    await expect(page.getByTestId("door-no-keypad")).toContainText("This door is a Nuki Opener");

    await request.post(`${SIM}/_sim/tokens`, { data: { tokens: ["someone-else"] } });
    await page.goto("/doors");
    await page.getByRole("button", { name: "Sync from Nuki" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Nuki refused the API token: 401" }).first()).toBeVisible();
    await page.reload();
    // The refusal stays on the page for everyone until a sync succeeds.
    await expect(page.getByTestId("last-sync-error")).toContainText("Nothing was changed");
    await page.screenshot({ path: "e2e/screenshots/doors-token-refused.png", fullPage: true });
  } finally {
    await request.post(`${SIM}/_sim/tokens`, { data: { tokens: ["sim-token"] } });
  }
  await page.getByRole("button", { name: "Sync from Nuki" }).click();
  await expect(page.getByTestId("sync-result")).toContainText("Read 12 devices from Nuki");

  await page.context().clearCookies();
  await signIn(page, DESK);
  await page.goto("/doors");
  await expect(page.getByRole("heading", { name: "Doors" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sync from Nuki" })).toHaveCount(0);
});
