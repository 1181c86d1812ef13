import { expect, test, type Locator, type Page } from "@playwright/test";
import { addDays, format } from "date-fns";
import { createWindowViaDialog, DESK, signIn } from "./helpers";

const SIM = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? "4110"}`;
const day = format(addDays(new Date(), 2), "yyyy-MM-dd");

/** The time-grid column of a door in the day view (doors side by side). */
async function doorColumn(page: Page, doorName: string): Promise<Locator> {
  const headers = page.locator(".rbc-time-header .rbc-row-resource .rbc-header");
  const names = await headers.allInnerTexts();
  const index = names.findIndex((n) => n.trim() === doorName);
  expect(index, `door ${doorName} among ${names.join(", ")}`).toBeGreaterThanOrEqual(0);
  return page.locator(".rbc-time-content .rbc-day-slot").nth(index);
}

async function hourBox(column: Locator, hour: number) {
  const group = column.locator(".rbc-timeslot-group").nth(hour);
  await group.scrollIntoViewIfNeeded();
  return (await group.boundingBox())!;
}

async function dragCreate(page: Page, door: string, fromHour: number, toHour: number) {
  const col = await doorColumn(page, door);
  const a = await hourBox(col, fromHour);
  const b = await hourBox(col, toHour - 1);
  await page.mouse.move(a.x + a.width / 2, a.y + 3);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2, a.y + 20, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height - 3, { steps: 8 });
  await page.mouse.up();
}

const eventOf = (page: Page, customer: string) =>
  page.locator(`[data-testid=calendar-event][data-customer="${customer}"]`);

test.describe.configure({ mode: "serial" });

test("[CALENDAR] staff drag a window onto a door, see it go from 'Sending to lock' to 'On lock', move, resize, delete and undo", async ({
  page,
}) => {
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${day}`);
  await expect(page.locator(".rbc-time-header .rbc-row-resource .rbc-header").first()).toBeVisible();

  // Create by dragging on empty space.
  await dragCreate(page, "Studio A", 10, 12);
  const dialog = page.getByTestId("window-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("checkbox", { name: "Studio A (Studios)", exact: true })).toBeChecked();
  await dialog.getByPlaceholder("Search name or email").fill("Ben Hahn");
  await dialog.getByRole("listbox", { name: "Customer" }).selectOption({ index: 0 });
  await dialog.getByRole("button", { name: "Save window" }).click();
  await expect(dialog).toBeHidden();
  const ev = eventOf(page, "Ben Hahn");
  await expect(ev).toBeVisible();
  await expect(ev.locator("[data-sync-state]")).toHaveAttribute("data-sync-state", /pending|applied/);
  await expect(ev.locator("[data-sync-state]")).toHaveAttribute("data-sync-state", "applied", { timeout: 15_000 });
  await expect(ev).toContainText("On lock");
  await page.screenshot({ path: "e2e/screenshots/calendar-day.png" });

  // Move it to another door by dragging it across columns.
  const box = (await ev.boundingBox())!;
  const target = await hourBox(await doorColumn(page, "Studio B"), 10);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2 + 5, { steps: 4 });
  await page.mouse.move(target.x + target.width / 2, box.y + box.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect(ev.locator("[data-sync-state]")).toHaveAttribute("data-sync-state", "applied", { timeout: 15_000 });
  const studioB = await doorColumn(page, "Studio B");
  await expect(studioB.locator('[data-customer="Ben Hahn"]')).toBeVisible();

  // Resize: drag the bottom edge (the addon's resize anchor) one hour further.
  const wrapper = studioB.locator(".rbc-event", { has: page.locator('[data-customer="Ben Hahn"]') });
  const moved = (await wrapper.boundingBox())!;
  const later = await hourBox(studioB, 12);
  await wrapper.hover();
  const anchor = (await wrapper.locator(".rbc-addons-dnd-resize-ns-anchor").last().boundingBox())!;
  await page.mouse.move(anchor.x + anchor.width / 2, anchor.y + anchor.height / 2);
  await page.mouse.down();
  await page.mouse.move(anchor.x + anchor.width / 2, anchor.y + 15, { steps: 3 });
  await page.mouse.move(anchor.x + anchor.width / 2, later.y + later.height - 2, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await wrapper.boundingBox())!.height).toBeGreaterThan(moved.height + 20);
  await expect(eventOf(page, "Ben Hahn").locator("[data-sync-state]")).toHaveAttribute("data-sync-state", "applied", {
    timeout: 15_000,
  });

  // Delete with undo.
  await eventOf(page, "Ben Hahn").click();
  const panel = page.getByTestId("event-panel");
  await expect(panel).toContainText("Ben Hahn");
  await panel.getByRole("button", { name: "Delete" }).click();
  await expect(eventOf(page, "Ben Hahn")).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(eventOf(page, "Ben Hahn")).toHaveCount(1);
  await expect(eventOf(page, "Ben Hahn").locator("[data-sync-state]")).toHaveAttribute("data-sync-state", "applied", {
    timeout: 15_000,
  });
});

test("[CALENDAR] a failure Nuki reports shows as failed with its reason, and recovers on retry", async ({
  page,
  request,
}) => {
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${day}`);
  await request.post(`${SIM}/_sim/fail-next`, {
    data: {
      route: "PUT /smartlock/auth",
      status: 422,
      count: 1,
      body: { code: 422, reasonPhrase: "Unprocessable Entity", description: "Keypad is not paired with this lock" },
    },
  });
  await createWindowViaDialog(page, {
    customer: "Clara",
    door: "Workshop (Workshop)",
    day,
    from: "14:00",
    until: "16:00",
  });
  const ev = page.locator("[data-testid=calendar-event]").filter({ hasText: "Clara" });
  await expect(ev.locator("[data-sync-state]")).toHaveAttribute("data-sync-state", "failed", { timeout: 15_000 });
  // A failure is announced at once (assertive live region), with who, where and why.
  await expect(page.getByTestId("announce-assertive")).toContainText("Clara");
  await expect(page.getByTestId("announce-assertive")).toContainText(/Failed: .*Keypad is not paired/);
  await ev.click();
  const panel = page.getByTestId("event-panel");
  await expect(panel.getByTestId("sync-error")).toContainText("Keypad is not paired");
  await page.screenshot({ path: "e2e/screenshots/calendar-failed.png" });
  await panel.getByRole("button", { name: "Retry" }).click();
  await expect(ev.locator("[data-sync-state]")).toHaveAttribute("data-sync-state", "applied", { timeout: 15_000 });
});

test("[CALENDAR] a weekly series: one occurrence is deleted without touching the others", async ({ page }) => {
  await signIn(page, DESK);
  const monday = format(addDays(new Date(), 7 - ((new Date().getDay() + 6) % 7)), "yyyy-MM-dd"); // next Monday
  await page.goto(`/calendar?view=day&date=${monday}`);
  await page.getByRole("button", { name: "New window" }).click();
  const dialog = page.getByTestId("window-dialog");
  await dialog.getByPlaceholder("Search name or email").fill("Farid");
  await dialog.getByRole("listbox", { name: "Customer" }).selectOption({ index: 0 });
  await dialog.getByRole("checkbox", { name: "Meeting room 1 (Meeting rooms)", exact: true }).check();
  await dialog.getByLabel("Every week").check();
  await dialog.getByLabel("Daily from").fill("08:00");
  await dialog.getByLabel("Daily until").fill("09:00");
  await dialog.getByLabel("First day").fill(monday);
  await dialog
    .getByLabel("Last day (optional)")
    .fill(format(addDays(new Date(`${monday}T12:00:00`), 13), "yyyy-MM-dd"));
  await dialog.getByRole("button", { name: "Save window" }).click();
  await expect(dialog).toBeHidden();
  const doorId = await page
    .getByLabel("Door", { exact: true })
    .locator("option", { hasText: "Meeting room 1" })
    .getAttribute("value");
  await page.goto(`/calendar?view=week&date=${monday}&doors=${doorId}`);
  const farid = page.locator("[data-testid=calendar-event]").filter({ hasText: "Farid" });
  await expect(farid).toHaveCount(5);
  await farid.nth(2).click(); // Wednesday
  await page.getByTestId("event-panel").getByRole("button", { name: "Delete" }).click();
  await page.getByTestId("series-choice").getByRole("button", { name: "Only this occurrence" }).click();
  await expect(farid).toHaveCount(4);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(farid).toHaveCount(5);
  await page.screenshot({ path: "e2e/screenshots/calendar-week.png" });
});
