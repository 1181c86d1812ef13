import { expect, test } from "@playwright/test";
import { addDays, format } from "date-fns";
import { DESK, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

test("[BULK] the first day defaults to the building's date, not UTC's", async ({ page }) => {
  await signIn(page, DESK);
  // 23:30 UTC on 1 December is already 2 December in the building (Europe/Berlin).
  await page.clock.setFixedTime(new Date("2026-12-01T23:30:00Z"));
  await page.goto("/calendar/bulk");
  await expect(page.getByTestId("bulk-form").getByLabel("First day")).toHaveValue("2026-12-02");
});

test("[BULK] progress runs as a job and links onward to every created window and every refused pair", async ({
  page,
}) => {
  await signIn(page, DESK);
  const day = format(addDays(new Date(), 40), "yyyy-MM-dd");
  const assign = async () => {
    await page.goto("/calendar/bulk");
    const form = page.getByTestId("bulk-form");
    // Customers and a door no other spec uses: this spec's grants must not interfere with theirs.
    await form.getByRole("button", { name: "+ Coworking" }).click();
    await form.getByLabel("Back entrance").check();
    await form.getByLabel("One-off").check();
    await form.getByLabel("From").fill(`${day}T10:00`);
    await form.getByLabel("Until").fill(`${day}T12:00`);
    await form.getByRole("button", { name: /Assign 10 × 1/ }).click();
    return page.getByTestId("bulk-progress");
  };
  let progress = await assign();
  await expect(progress.getByTestId("bulk-job-progress")).toHaveText("All 10 pairs done: 10 created, 0 not created.", {
    timeout: 20_000,
  });
  const windowLinks = progress.locator('a[href^="/calendar?window="]');
  await expect(windowLinks).toHaveCount(10);
  await expect(windowLinks.first()).toHaveAttribute("href", new RegExp(`&date=${day}$`));
  // Let the locks settle before going on (no Nuki work of ours left running into other specs).
  await expect(progress).toContainText(/10 applied/, { timeout: 30_000 });

  // The same again: every pair overlaps now, and each says so with a way to place it by hand.
  progress = await assign();
  await expect(progress.getByTestId("bulk-job-progress")).toHaveText("All 10 pairs done: 0 created, 10 not created.", {
    timeout: 20_000,
  });
  const problems = progress.getByTestId("bulk-problems");
  await expect(problems.getByRole("link", { name: "Place by hand" })).toHaveCount(10);
  await expect(problems.getByRole("link", { name: "Open customer" }).first()).toHaveAttribute(
    "href",
    /^\/customers\/[0-9a-f-]{36}$/,
  );
  await expect(problems).toContainText(/overlaps/);
});
