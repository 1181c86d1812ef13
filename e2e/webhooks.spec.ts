import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { addDays, format } from "date-fns";
import { Webhook } from "standardwebhooks";
import { ADMIN, createWindowViaDialog, signIn } from "./helpers";
import { expectNoSeriousA11yViolations } from "./pages";

/**
 * Issue 12, "status out", end to end against `next start`: an admin registers a receiver under
 * Settings → Webhooks (secret shown once), a window created in the calendar reaches the receiver as
 * a signed Standard Webhook (verified with the reference library), the delivery log shows it, "Send
 * again" re-delivers the same webhook-id, and a disabled endpoint says so.
 */
test("[HOOKS] endpoint from Settings → window.created arrives signed → delivery log → Send again", async ({ page }) => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  try {
    await signIn(page, ADMIN, "/settings/webhooks");
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();
    await page.getByLabel("Receiver URL").fill(url);
    await page.getByLabel("Description (optional)").fill("e2e receiver");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const shown = page.getByTestId("webhook-secret");
    await expect(shown).toContainText("not shown again");
    const secret = (await shown.locator("code", { hasText: /^whsec_/ }).textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await expectNoSeriousA11yViolations(page, "/settings/webhooks with a new endpoint");

    const day = format(addDays(new Date(), 9), "yyyy-MM-dd");
    await page.goto(`/calendar?view=day&date=${day}`);
    await createWindowViaDialog(page, {
      customer: "Ida Iske",
      door: "Studio B (Studios)",
      day,
      from: "15:00",
      until: "16:00",
    });

    const created = () => received.filter((r) => (JSON.parse(r.body) as { type: string }).type === "window.created");
    await expect.poll(() => created().length, { timeout: 30_000 }).toBe(1);
    const first = created()[0]!;
    const event = new Webhook(secret).verify(first.body, first.headers as Record<string, string>) as {
      data: { doorId: string; startsAt: string };
    };
    expect(event.data.doorId).toBeTruthy();
    expect(first.body).not.toMatch(/"code"/);

    await page.goto("/settings/webhooks");
    await page
      .getByRole("row", { name: /e2e receiver/ })
      .getByRole("link", { name: "Delivery log" })
      .click();
    const log = page.getByTestId("webhook-deliveries-table");
    const row = log.getByRole("row", { name: new RegExp(String(first.headers["webhook-id"])) });
    await expect(row).toContainText("delivered");
    await page.screenshot({ path: "e2e/screenshots/webhooks.png", fullPage: true });
    await row.getByRole("button", { name: "Send again" }).click();
    await expect
      .poll(() => received.filter((r) => r.headers["webhook-id"] === first.headers["webhook-id"]).length, {
        timeout: 30_000,
      })
      .toBe(2);

    await page
      .getByRole("row", { name: /e2e receiver/ })
      .getByRole("button", { name: "Disable" })
      .click();
    await expect(page.getByRole("row", { name: /e2e receiver/ })).toContainText("disabled");
  } finally {
    server.close();
  }
});
