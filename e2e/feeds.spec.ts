import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { DESK, signIn, withAppDb } from "./helpers";
import { expectNoSeriousA11yViolations } from "./pages";

// A channel's iCalendar export on a spare port (E2E_FEED_PORT): one Airbnb stay from tomorrow for two
// nights, and one "Not available" block that must not create anything.
const FEED_PORT = Number(process.env.E2E_FEED_PORT ?? 4571);
const ymd = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
const body = [
  "BEGIN:VCALENDAR",
  "PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN",
  "VERSION:2.0",
  "BEGIN:VEVENT",
  `DTSTART;VALUE=DATE:${ymd(1)}`,
  `DTEND;VALUE=DATE:${ymd(3)}`,
  "UID:e2e-stay-1@airbnb.com",
  "DESCRIPTION:Phone Number (Last 4 Digits): 7391",
  "SUMMARY:Reserved",
  "END:VEVENT",
  "BEGIN:VEVENT",
  `DTSTART;VALUE=DATE:${ymd(5)}`,
  `DTEND;VALUE=DATE:${ymd(7)}`,
  "UID:e2e-block-1@airbnb.com",
  "SUMMARY:Airbnb (Not available)",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

let server: Server;
test.beforeAll(async () => {
  server = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/calendar", etag: '"e2e"' }).end(body),
  );
  await new Promise<void>((r) => server.listen(FEED_PORT, "127.0.0.1", r));
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await withAppDb((c) => c.query("delete from feeds where name = 'Airbnb e2e'"));
});

test("[FEEDS] the desk previews an Airbnb feed, enables it, and hands the guest's code over", async ({ page }) => {
  await signIn(page, DESK);
  await page.getByRole("link", { name: "Feeds" }).click();
  await expect(page).toHaveURL(/\/feeds$/);
  await page.getByLabel("Name").fill("Airbnb e2e");
  await page.getByLabel("iCalendar URL").fill(`http://127.0.0.1:${FEED_PORT}/airbnb/calendar.ics?s=secret`);
  await expect(page.getByLabel("Channel")).toHaveValue("airbnb"); // guessed from the URL
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("feed-preview");
  await expect(preview).toContainText("Enabling creates 1 stay; 1 block ignored");
  await expect(preview).toContainText("Airbnb guest 7391");
  await expect(preview).toContainText("to hand over at the desk");
  await expectNoSeriousA11yViolations(page, "/feeds with a preview");
  await page.getByRole("button", { name: "Save and enable" }).click();
  await expect(page.getByText("Feed enabled")).toBeVisible();
  const row = page.getByTestId("feed-row").filter({ hasText: "Airbnb e2e" });
  await expect(row).toContainText("1 stay on the calendar");
  await expect(row).toContainText("● Enabled");
  await expect(row).not.toContainText("secret"); // the URL is never shown back
  await page.screenshot({ path: "e2e/screenshots/feeds.png", fullPage: true });

  await page.getByRole("link", { name: "To hand over" }).click();
  const guest = page.getByRole("row").filter({ hasText: "Airbnb guest 7391" });
  await guest.getByRole("button", { name: "Hand over code" }).click();
  await expect(guest.getByTestId("handover-code")).toHaveText(/^[1-9]{6}$/);
  await expectNoSeriousA11yViolations(page, "/feeds/handover");
  const audited = await withAppDb((c) =>
    c.query("select actor_label from audit_log where action = 'window.create' order by id desc limit 1"),
  );
  expect(audited.rows[0]).toEqual({ actor_label: "Booking feed Airbnb e2e" });
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "Airbnb guest 7391" })).toContainText("Handed over");
});
