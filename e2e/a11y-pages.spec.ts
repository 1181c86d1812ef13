import { expect, test } from "@playwright/test";
import { ADMIN, MANAGER, signIn } from "./helpers";
import { CHECKED_ELSEWHERE, DEMO_CUSTOMER, detailPages, expectNoSeriousA11yViolations, navLinks } from "./pages";

// axe (WCAG 2.1 A/AA) over every page state outside the calendar: 0 critical, 0 serious.
// The staff pages come from the header navigation itself, so a page added later is checked without editing this file.

test("[A11Y] signed-out pages: staff sign-in (with demo hints) and the portal's link sign-in", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByTestId("demo-accounts")).toContainText(DEMO_CUSTOMER.email);
  await expectNoSeriousA11yViolations(page, "/login");
  await page.getByLabel("Email").fill("nobody@portier.test");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-message")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "/login with an error");
  await page.goto("/portal/login");
  await expectNoSeriousA11yViolations(page, "/portal/login");
});

for (const who of [
  { name: "admin", user: ADMIN },
  { name: "manager", user: MANAGER },
]) {
  test(`[A11Y] every staff page in the navigation, and a customer and a door, as ${who.name}`, async ({ page }) => {
    // One test walks every page in the navigation (axe on each): its time grows with the navigation.
    test.slow();
    await signIn(page, who.user);
    const links = await navLinks(page);
    const pages = [...links.filter((h) => !CHECKED_ELSEWHERE.includes(h)), ...(await detailPages())];
    expect(pages.length).toBeGreaterThanOrEqual(links.length - CHECKED_ELSEWHERE.length + 2);
    for (const path of pages) {
      await page.goto(path);
      await expect(page.locator("main h1")).toBeVisible();
      await expectNoSeriousA11yViolations(page, `${path} as ${who.name}`);
    }
  });
}

test("[A11Y] empty states: no matching customers, no activity in a range", async ({ page }) => {
  await signIn(page, ADMIN);
  for (const path of ["/customers?q=nobody-matches-this", "/activity?from=2000-01-01&to=2000-01-01"]) {
    await page.goto(path);
    await expect(page.locator("main h1")).toBeVisible();
    await expectNoSeriousA11yViolations(page, path);
  }
});

test("[A11Y] the customer portal", async ({ page }) => {
  await signIn(page, DEMO_CUSTOMER);
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByTestId("portal-name")).toContainText(DEMO_CUSTOMER.name);
  await expectNoSeriousA11yViolations(page, "/portal");
});
