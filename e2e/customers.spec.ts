import { expect, test } from "@playwright/test";
import { DESK, MANAGER, signIn, signOut } from "./helpers";

test.describe.configure({ mode: "serial" });

test("[BULK] a group of customers gets a weekly window on a group of doors, with per-lock progress", async ({
  page,
}) => {
  await signIn(page, DESK);
  await page.goto("/calendar/bulk");
  const form = page.getByTestId("bulk-form");
  await form.getByRole("button", { name: "+ Storage renters" }).click();
  await form.getByRole("button", { name: "+ Storage", exact: true }).click();
  await form.getByLabel("Last day").fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await form.getByRole("button", { name: /Assign 10 × 2/ }).click();
  const progress = page.getByTestId("bulk-progress");
  await expect(progress).toContainText("20 door authorizations");
  await expect(progress).toContainText(/20 applied/, { timeout: 20_000 });
  await expect(progress.locator('[data-sync-state="applied"]')).toHaveCount(20);
  await page.screenshot({ path: "e2e/screenshots/bulk-assign.png", fullPage: true });
});

test("[CODES] the front desk cannot reveal a keypad code; a manager can, and it is audited", async ({ page }) => {
  await signIn(page, DESK);
  await page.goto("/customers?group=Storage+renters");
  await page.getByTestId("customers-table").getByRole("link").first().click();
  const panel = page.getByTestId("code-panel");
  await expect(panel).toContainText("Your role cannot reveal codes");
  await expect(panel.getByRole("button", { name: "Reveal code" })).toHaveCount(0);
  await expect(page.getByTestId("code-value")).toHaveText("••••••");
  await expect(page.getByTestId("customer-doors")).toContainText("On lock");
  const customerUrl = page.url();
  await signOut(page);

  await signIn(page, MANAGER);
  await page.goto(customerUrl);
  await page.getByRole("button", { name: "Reveal code" }).click();
  await expect(page.getByTestId("code-value")).toHaveText(/^[1-9]{6}$/);
  await page.screenshot({ path: "e2e/screenshots/customer.png", fullPage: true });
  await page.goto("/audit");
  await expect(page.getByTestId("audit-table")).toContainText("code.reveal");
});

test("[DOORS] a door shows its live state, slots and who may enter", async ({ page }) => {
  await signIn(page, DESK);
  await page.goto("/doors");
  await page.getByTestId("doors-table").getByRole("link", { name: "Storage 1" }).click();
  await expect(page.getByTestId("door-state")).toContainText("Online");
  await expect(page.getByTestId("door-state")).toContainText(/Keypad codes: \d+ of 200/);
  await expect(page.getByText("Mon–Fri 08:00–18:00").first()).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/door.png", fullPage: true });
});

test("[CUSTOMERS] the front desk adds a customer and gets a specific message for a duplicate email", async ({
  page,
}) => {
  await signIn(page, DESK);
  await page.goto("/customers");
  await page.getByRole("button", { name: "New customer" }).click();
  const form = page.getByTestId("customer-form");
  await form.getByLabel("Name").fill("Zoe Zimmer");
  await form.getByLabel("Email").fill("zoe@example.com");
  await form.getByLabel("Group (optional)").fill("Coworking");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Zoe Zimmer" })).toBeVisible();
  await page.goto("/customers");
  await page.getByRole("button", { name: "New customer" }).click();
  await form.getByLabel("Name").fill("Zoe Again");
  await form.getByLabel("Email").fill("ZOE@example.com");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("alert")).toHaveText("A customer with this email address already exists.");
});
