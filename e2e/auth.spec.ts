import { expect, test } from "@playwright/test";
import { ADMIN, CUSTOMER_PASSWORD, DESK, signIn, withAppDb } from "./helpers";

test("[AUTH] staff signs in and reaches the dashboard shell", async ({ page }) => {
  await signIn(page, DESK);
  await expect(page).toHaveURL(/\/calendar$/);
  await expect(page.getByTestId("current-user")).toContainText("Dana Desk");
  await page.getByRole("link", { name: "Customers" }).click();
  // The 40 seeded customers (a spec that ran earlier, e.g. adopting onto a new customer, may have added one).
  const customerRows = page.getByTestId("customers-table").locator("tbody tr");
  await expect(customerRows.nth(39)).toBeVisible();
  expect(await customerRows.count()).toBeGreaterThanOrEqual(40);
  await page.getByRole("link", { name: "Doors" }).click();
  await expect(page.getByTestId("doors-table").locator("tbody tr")).toHaveCount(12);
  // Front desk is not a reviewer: no audit link, and the page itself refuses.
  await expect(page.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/forbidden$/);
  await page.screenshot({ path: "e2e/screenshots/doors.png" });
});

test("[AUTH] wrong password, unknown user and malformed fields get specific messages", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();

  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("x");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That is not a valid email address.")).toBeVisible();

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-message")).toHaveText("Email or password is incorrect.");

  await page.getByLabel("Email").fill("nobody@portier.test");
  await page.getByLabel("Password").fill("whatever");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-message")).toHaveText("Email or password is incorrect.");
});

test("[AUTH] a signed-out visitor is sent to sign in and cannot read staff data", async ({ page, request }) => {
  for (const path of ["/calendar", "/customers", "/doors", "/audit"]) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/login\\?next=${encodeURIComponent(path).replace(/%/g, "%")}`));
  }
  // Going around the proxy with a forged cookie name still reaches the page's own check.
  const res = await request.get("/customers", { headers: { cookie: "authjs.session-token=forged" }, maxRedirects: 0 });
  expect(res.status()).toBe(307);
  expect(res.headers().location).toContain("/login");
  expect(await res.text()).not.toContain("@example.com");
});

test("[AUTH] a customer is refused staff pages and lands on their portal", async ({ page }) => {
  await signIn(page, { email: "anna.adler.1@example.com", password: CUSTOMER_PASSWORD });
  await expect(page).toHaveURL(/\/portal$/);
  for (const path of ["/calendar", "/customers", "/doors", "/audit"]) {
    const res = await page.goto(path);
    await expect(page).toHaveURL(/\/portal$/);
    expect(await res?.text()).not.toContain("customers-table");
  }
});

test("[AUTH] disabling a user ends their existing session at once", async ({ page }) => {
  await signIn(page, DESK);
  await expect(page.getByTestId("current-user")).toBeVisible();
  await withAppDb((c) =>
    c.query("update users set disabled = true, session_version = session_version + 1 where email = $1", [DESK.email]),
  );
  try {
    await page.goto("/customers");
    await expect(page).toHaveURL(/\/login/);
    const session = await page.request.get("/api/auth/session");
    expect(await session.json()).toBeNull();
    // And they cannot sign in again, with a message that says why.
    await page.getByLabel("Email").fill(DESK.email);
    await page.getByLabel("Password").fill(DESK.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("login-message")).toHaveText(/disabled/);
  } finally {
    await withAppDb((c) => c.query("update users set disabled = false where email = $1", [DESK.email]));
  }
});

test("[USERS] an admin disables and re-enables a front-desk account from the Users page", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Users" }).click();
  const row = page.getByTestId("users-table").getByRole("row", { name: /Dana Desk/ });
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("disabled");
  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row).toContainText("active");
});
