import { expect, test } from "@playwright/test";
import { ADMIN, DESK, signIn, withAppDb } from "./helpers";

test("[RETENTION] an admin changes how long lock activity is kept; audited; the front desk cannot open the page", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Retention" }).click();
  await expect(page).toHaveURL(/\/settings\/retention$/);
  const field = page.getByLabel("Lock activity (days)");
  await expect(field).toHaveValue("365");
  await field.fill("120");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Retention periods saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Lock activity (days)")).toHaveValue("120");
  const audited = await withAppDb((c) =>
    c.query(
      "select after->>'lockEventsDays' as days from audit_log where action = 'retention.update' order by id desc limit 1",
    ),
  );
  expect(audited.rows[0]).toEqual({ days: "120" });
  await page.screenshot({ path: "e2e/screenshots/retention.png" });
  // Put the default back for the other specs.
  await page.getByLabel("Lock activity (days)").fill("365");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Retention periods saved.")).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, DESK);
  await expect(page.getByRole("link", { name: "Retention" })).toHaveCount(0);
  await page.goto("/settings/retention");
  await expect(page).toHaveURL(/\/forbidden$/);
});
