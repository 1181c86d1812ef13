import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";
import { CHECKED_ELSEWHERE, DEMO_CUSTOMER, detailPages, expectNoHorizontalOverflow, navLinks, shotName } from "./pages";

// Desktop, 200 % zoom on a 1280×800 screen, and a phone: every non-calendar page is screenshotted and must not
// scroll sideways as a whole (wide tables scroll inside their own box).
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 640, height: 400 },
  { width: 390, height: 844 },
];

async function check(page: Page, path: string, who: string) {
  for (const vp of VIEWPORTS) {
    await page.setViewportSize(vp);
    await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
    await page.screenshot({
      path: `e2e/screenshots/screens/${who}-${shotName(path)}-${vp.width}x${vp.height}.png`,
      fullPage: true,
    });
    await expectNoHorizontalOverflow(page, `${path} (${who}) at ${vp.width}×${vp.height}`);
  }
}

test("[SCREENS] signed-out pages at desktop, 200 % zoom and phone sizes", async ({ page }) => {
  for (const path of ["/login", "/portal/login"]) await check(page, path, "signed-out");
});

test("[SCREENS] every staff page in the navigation, a customer and a door, at three sizes", async ({ page }) => {
  // Three sizes per navigation entry and detail page: the budget grows with the navigation.
  test.slow();
  await signIn(page, ADMIN);
  const pages = [...(await navLinks(page)).filter((h) => !CHECKED_ELSEWHERE.includes(h)), ...(await detailPages())];
  for (const path of pages) await check(page, path, "admin");
});

test("[SCREENS] at 200 % zoom and on a phone the header wraps: name and Sign out stay on screen", async ({ page }) => {
  await signIn(page, ADMIN);
  for (const vp of VIEWPORTS.slice(1)) {
    await page.setViewportSize(vp);
    await page.goto("/customers");
    for (const el of [page.getByTestId("current-user"), page.getByRole("button", { name: "Sign out" })]) {
      await expect(el).toBeVisible();
      const box = (await el.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${vp.width}×${vp.height}`).toBeLessThanOrEqual(vp.width);
    }
    // Every navigation link is reachable on screen too (wrapped, not cut off).
    for (const link of await page.getByRole("navigation", { name: "Main" }).getByRole("link").all()) {
      const box = (await link.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(vp.width);
    }
  }
});

test("[SCREENS] the customer portal at three sizes", async ({ page }) => {
  await signIn(page, DEMO_CUSTOMER);
  await check(page, "/portal", "customer");
});
