import { expect, test } from "@playwright/test";
import { ADMIN, signIn, withAppDb } from "./helpers";
import { expectNoSeriousA11yViolations } from "./pages";

/**
 * Issue 12, "bookings in, status out", end to end against `next start`: an admin creates a key in
 * Settings (shown once), a booking system uses it over real HTTP — lists doors, creates a stay with
 * an Idempotency-Key (retried: still one window), polls the window's status until the lock holds
 * it — then the admin revokes the key and the next call is refused. The reference page and the
 * OpenAPI document are served without a session.
 */
test("[API] key from Settings → create a stay idempotently → status 'applied' → revoke", async ({ page, request }) => {
  await signIn(page, ADMIN, "/settings/api-keys");
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  await page.getByLabel("Name").fill("Booking PMS (e2e)");
  await page.getByLabel("Scope").selectOption("read_write");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = page.getByTestId("api-key-secret");
  await expect(secret).toContainText("cannot show it again");
  const key = (await secret.locator("code").textContent())!.trim();
  expect(key).toMatch(/^ptr_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: "e2e/screenshots/api-keys.png", fullPage: true });
  await expectNoSeriousA11yViolations(page, "/settings/api-keys with a new key");

  const auth = { authorization: `Bearer ${key}` };
  const doors = await request.get("/api/v1/doors?limit=1", { headers: auth });
  expect(doors.status()).toBe(200);
  const [door] = (await doors.json()).items;
  const customer = await withAppDb(
    async (c) => (await c.query("select id from customers order by email limit 1")).rows[0].id,
  );
  const start = new Date(Date.now() + 2 * 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  const body = {
    customerId: customer,
    doorId: door.id,
    window: {
      kind: "once",
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    },
    note: "booking e2e-1",
  };
  const post = () =>
    request.post("/api/v1/windows", { headers: { ...auth, "idempotency-key": "e2e-booking-1" }, data: body });
  const created = await post();
  expect(created.status(), await created.text()).toBe(201);
  const window = await created.json();
  const retried = await post();
  expect(retried.status()).toBe(201);
  expect(retried.headers()["idempotent-replayed"]).toBe("true");
  expect((await retried.json()).id).toBe(window.id);
  const count = await withAppDb(
    async (c) =>
      (await c.query("select count(*)::int as n from access_windows where note = 'booking e2e-1'")).rows[0].n,
  );
  expect(count).toBe(1);

  // The simulated lock applies it after a moment; the status says so.
  await expect
    .poll(
      async () => (await (await request.get(`/api/v1/windows/${window.id}/status`, { headers: auth })).json()).state,
      {
        timeout: 20_000,
      },
    )
    .toBe("applied");

  // The write is in the audit trail under the key's name.
  await page.goto("/audit");
  await expect(page.getByText(/API key “Booking PMS \(e2e\)”/).first()).toBeVisible();

  // Revoked: the next call is refused, as problem+json.
  await page.goto("/settings/api-keys");
  const row = page.getByRole("row", { name: /Booking PMS \(e2e\)/ });
  // Both calls count as uses of the key (the replay wrote nothing, but it was a write request).
  await expect(row).toContainText("2 writes");
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  const refused = await request.get("/api/v1/doors", { headers: auth });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  expect((await refused.json()).detail).toMatch(/revoked/);
});

test("[API] the OpenAPI document and the reference page are public; the API itself is not", async ({
  browser,
  request,
}) => {
  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  const json = await doc.json();
  expect(json.openapi).toBe("3.1.0");
  expect(Object.keys(json.paths)).toContain("/windows/{id}/status");
  const anonymous = await request.get("/api/v1/windows", { headers: { cookie: "" } });
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toMatch(/^Bearer/);
  // A fresh context: no session cookie at all.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/developers/api");
  await expect(page.getByRole("heading", { name: /Portier API/ })).toBeVisible();
  await expect(page.locator("#createWindow")).toContainText("Idempotency");
  await expect(page.locator("#problem-idempotency-key-reused")).toContainText("422");
  await page.screenshot({ path: "e2e/screenshots/api-reference.png" });
  await expectNoSeriousA11yViolations(page, "/developers/api");
  await context.close();
});
