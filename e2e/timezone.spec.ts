import { expect, test } from "@playwright/test";
import { addDays, format } from "date-fns";
import { createWindowViaDialog, DESK, signIn } from "./helpers";

// A member of staff whose laptop is set to New York: the building is in Berlin, and so is the calendar.
test.use({ timezoneId: "America/New_York" });

test("[TIMEZONE] the calendar shows and takes the building's wall clock, whatever the browser's zone", async ({
  page,
}) => {
  await signIn(page, DESK);
  const day = format(addDays(new Date(), 4), "yyyy-MM-dd");
  await page.goto(`/calendar?view=day&date=${day}`);
  await expect(page.getByTestId("calendar-zone")).toContainText("Europe/Berlin");
  await createWindowViaDialog(page, {
    customer: "Greta Graf",
    door: "Meeting room 2 (Meeting rooms)",
    day,
    from: "10:00",
    until: "12:00",
  });
  const ev = page.locator('[data-customer="Greta Graf"]');
  await expect(ev).toBeVisible();
  // Drawn in the 10:00 row of the building's day, not at New York's 04:00.
  const row = (await page
    .locator(".rbc-time-content .rbc-day-slot")
    .first()
    .locator(".rbc-timeslot-group")
    .nth(10)
    .boundingBox())!;
  const box = (await ev.boundingBox())!;
  expect(Math.abs(box.y - row.y)).toBeLessThan(12);
  // And stored as 10:00 Berlin: the door page describes windows in the door's zone.
  await page.goto("/doors");
  await page.getByTestId("doors-table").getByRole("link", { name: "Meeting room 2" }).click();
  await expect(page.getByText(/Greta Graf · .*10:00 – .*12:00/)).toBeVisible();
});
