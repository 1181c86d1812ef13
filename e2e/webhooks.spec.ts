import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { addDays, format } from "date-fns";
import { Webhook } from "standardwebhooks";
import { ADMIN, createWindowViaDialog, signIn } from "./helpers";
import { expectNoSeriousA11yViolations } from "./pages";

/** A receiver on loopback (allowed for the e2e server by OUTBOUND_ALLOW_PRIVATE_HOSTS) that answers 204. */
async function startReceiver() {
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
  return { received, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * Issue 12, "status out", end to end against `next start`: an admin registers a receiver under
 * Settings → Webhooks (secret shown once), a window created in the calendar reaches the receiver as
 * a signed Standard Webhook (verified with the reference library), the delivery log shows it, "Send
 * again" re-delivers the same webhook-id, and a disabled endpoint says so.
 */
test("[HOOKS] endpoint from Settings → window.created arrives signed → delivery log → Send again", async ({ page }) => {
  const { received, server, base } = await startReceiver();
  const url = `${base}/hooks`;
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

/**
 * Issue 17: an admin edits an endpoint (a stale form is refused), rotates its secret (the new one is
 * shown once; deliveries then carry two signatures, each verified by the reference library with its
 * own secret) and deletes it (the row and its log go).
 */
test("[HOOKS] edit an endpoint, rotate its secret (both signatures verify), delete it", async ({ page }) => {
  const { received, server, base } = await startReceiver();
  try {
    await signIn(page, ADMIN, "/settings/webhooks");
    await page.goto("/settings/webhooks");
    await page.getByLabel("Receiver URL").fill(`${base}/first`);
    await page.getByLabel("Description (optional)").fill("rotating receiver");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const oldSecret = (await page
      .getByTestId("webhook-secret")
      .locator("code", { hasText: /^whsec_/ })
      .textContent())!.trim();

    // Edit: new URL and description, only window.created.
    await page
      .getByRole("row", { name: /rotating receiver/ })
      .getByRole("link", { name: "Edit" })
      .click();
    await expect(page.getByRole("heading", { name: "Edit endpoint" })).toBeVisible();
    const form = page.getByTestId("webhook-endpoint-form");
    await form.getByLabel("Receiver URL").fill(`${base}/hooks`);
    await form.getByLabel("Description (optional)").fill("rotated receiver");
    for (const box of await form.getByRole("checkbox").all()) {
      const label = await box.evaluate((el) => el.parentElement?.textContent ?? "");
      if (label.includes("window.created") !== (await box.isChecked())) await box.click();
    }
    await form.getByRole("checkbox", { name: "Enabled" }).check();
    await page.getByRole("button", { name: "Save changes" }).click();
    const row = page.getByRole("row", { name: /rotated receiver/ });
    await expect(row).toContainText(`${base}/hooks`);
    await expect(page.getByTestId("webhook-endpoints-table")).not.toContainText(`${base}/first`);

    // Rotate with the default grace period: the new secret is shown once.
    await row.getByRole("link", { name: "Edit" }).click();
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await expect(page.getByLabel("Old secret stays valid (hours)")).toHaveValue("24");
    await page.getByRole("button", { name: "Rotate", exact: true }).click();
    const shown = page.getByTestId("webhook-rotated-secret");
    await expect(shown).toContainText("not shown again");
    const newSecret = (await shown.locator("code", { hasText: /^whsec_/ }).textContent())!.trim();
    expect(newSecret).not.toBe(oldSecret);
    await expect(page.getByText(/deliveries carry the new and the old signature until/)).toBeVisible();
    // The page has reloaded its data (the line above comes from the server): the secret is still shown.
    await expect(shown).toContainText(newSecret);
    await expectNoSeriousA11yViolations(page, "/settings/webhooks editing an endpoint");
    await page.screenshot({ path: "e2e/screenshots/webhooks-rotate.png", fullPage: true });

    // A window created now reaches the receiver with two signatures, one per secret.
    const day = format(addDays(new Date(), 10), "yyyy-MM-dd");
    await page.goto(`/calendar?view=day&date=${day}`);
    await createWindowViaDialog(page, {
      customer: "Ida Iske",
      door: "Studio B (Studios)",
      day,
      from: "10:00",
      until: "11:00",
    });
    const created = () => received.filter((r) => (JSON.parse(r.body) as { type: string }).type === "window.created");
    await expect.poll(() => created().length, { timeout: 30_000 }).toBe(1);
    const got = created()[0]!;
    expect(String(got.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    const headers = got.headers as Record<string, string>;
    expect(new Webhook(newSecret).verify(got.body, headers)).toMatchObject({ type: "window.created" });
    expect(new Webhook(oldSecret).verify(got.body, headers)).toMatchObject({ type: "window.created" });

    // Delete: confirmed, and the endpoint is gone from the list.
    await page.goto("/settings/webhooks");
    await page
      .getByRole("row", { name: /rotated receiver/ })
      .getByRole("link", { name: "Edit" })
      .click();
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Delete" }).click();
    // Back on the list, without the endpoint.
    await expect(page.getByText("Endpoint deleted.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "New endpoint" })).toBeVisible();
    await expect(page.getByRole("row", { name: /rotated receiver/ })).toHaveCount(0);
  } finally {
    server.close();
  }
});
