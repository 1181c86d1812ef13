import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { withAppDb } from "./helpers";

export const SIM = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? "4110"}`;

/** The demo customer who may sign in with a password (README, sign-in page). */
export const DEMO_CUSTOMER = { email: "anna.adler.1@example.com", password: "portier-customer", name: "Anna Adler" };

/**
 * Pages another helper's spec checks: the calendar and its dialogs have their own axe and layout checks
 * (e2e/calendar*.spec.ts). Listed by name so that any other page added to the navigation is checked here.
 */
export const CHECKED_ELSEWHERE = ["/calendar"];

/** Every page in the header navigation the signed-in user sees, in order. */
export async function navLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeVisible();
  const hrefs = await nav.getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.length, "the header navigation lists pages").toBeGreaterThan(0);
  return hrefs;
}

/** Staff pages that are not in the navigation: one customer, one door and one site (with their data), found via the lists. */
export async function detailPages(): Promise<string[]> {
  return withAppDb(async (c) => {
    const customer = (await c.query("select id from customers where email = $1", [DEMO_CUSTOMER.email])).rows[0]
      .id as string;
    const door = (await c.query("select id from doors order by name limit 1")).rows[0].id as string;
    const site = (await c.query("select id from sites order by name limit 1")).rows[0].id as string;
    return [`/customers/${customer}`, `/doors/${door}`, `/sites/${site}`];
  });
}

/** WCAG 2.1 A and AA rules; a page passes with no critical and no serious violation. */
export async function expectNoSeriousA11yViolations(page: Page, label: string) {
  // A frame sandboxed without scripts (the site page's HTML e-mail preview: the operator's own
  // template, not Portier's UI) cannot run axe, which would wait on it until the test times out.
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude('iframe[sandbox=""]')
    .analyze();
  const bad = result.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, `axe on ${label}`).toEqual([]);
}

/** The page never scrolls sideways as a whole; wide tables scroll inside their own box. */
export async function expectNoHorizontalOverflow(page: Page, label: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${label}: page width ${scrollWidth} px in a ${innerWidth} px window`).toBeLessThanOrEqual(
    innerWidth,
  );
}

/** A stable file name for a path: "/customers/3f…" → "customers-detail". */
export const shotName = (path: string) =>
  path
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, "detail")
    .replace(/[?&=]/g, "-")
    .replace(/^\//, "")
    .replace(/\//g, "-") || "home";
