import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { addDays, format } from "date-fns";
import { createWindowViaDialog, DESK, signIn, withAppDb } from "./helpers";

// The calendar and its two dialogs for everyone: axe (WCAG 2.1 A/AA) in every view, the keyboard-only
// walk, typing anything into the dialog's dates, the customer pick, context, several doors, small screens.
// Other pages' axe checks live in helper deskb's spec.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// Each test walks several views, sizes or fields (axe runs take seconds each under load): more than the default minute.
test.describe.configure({ timeout: 240_000 });
const at = (days: number) => format(addDays(new Date(), days), "yyyy-MM-dd");

async function expectNoSeriousAxe(page: Page, what: string, include?: string) {
  // The calendar lives in <main>; the staff header and nav belong to helper deskb's pass over every page.
  const builder = new AxeBuilder({ page }).withTags(TAGS).include(include ?? "main");
  const r = await builder.analyze();
  const bad = r.violations.filter((v) => v.impact === "critical" || v.impact === "serious");
  expect(
    bad.map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`),
  ).toEqual([]);
}

/** No uncaught error in the page and no error page shown. */
function watchCrashes(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return {
    async check() {
      await expect(page.getByText(/could not be loaded|Something went wrong on this page/)).toHaveCount(0);
      expect(errors).toEqual([]);
    },
  };
}

/** Presses Tab until the focused element matches `predicate` (a keyboard user's way there), at most `max` times. */
async function tabTo(page: Page, selector: string, max = 80, text?: string) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate(
      ([sel, t]) => {
        const a = document.activeElement;
        return !!a?.matches(sel!) && (!t || (a.textContent ?? "").trim().startsWith(t));
      },
      [selector, text] as const,
    );
    if (hit) return;
  }
  throw new Error(`Tab never reached ${selector} ${text ?? ""}`);
}
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return {
      tag: a?.tagName ?? "",
      label: a?.getAttribute("aria-label") ?? "",
      text: a?.textContent?.trim() ?? "",
      customer:
        a?.querySelector("[data-customer]")?.getAttribute("data-customer") ?? a?.getAttribute("data-customer") ?? "",
    };
  });

test("[A11Y-CAL] axe finds nothing critical or serious in day, week, month and agenda, a selected window, and both dialogs", async ({
  page,
}) => {
  const day = at(3);
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${day}`);
  await createWindowViaDialog(page, {
    customer: "Ida Iske",
    door: "Studio B (Studios)",
    day,
    from: "09:00",
    until: "11:00",
  });
  await expect(page.locator('[data-customer="Ida Iske"]').first()).toBeVisible();
  for (const view of ["day", "week", "month", "agenda"]) {
    await page.goto(`/calendar?view=${view}&date=${day}`);
    await expect(page.locator('[data-customer="Ida Iske"]').first()).toBeVisible();
    await expectNoSeriousAxe(page, view);
    // Named with who, which door, when and the lock state, in every view.
    await expect(
      page.getByRole("button", { name: /^Ida Iske, Studio B, \w{3} \d{1,2} \w{3} 09:00–11:00, / }),
    ).toHaveCount(1);
    if (view === "day") {
      // Door headers are column headers of the grid; the windows sit in cells under them.
      await expect(page.getByRole("table").getByRole("columnheader", { name: /Studio B/ })).toHaveCount(1);
      await expect(page.getByRole("cell").getByRole("button", { name: /^Ida Iske, Studio B/ })).toHaveCount(1);
    }
  }
  // A selected window (its text on the selected colours) and its panel.
  await page.goto(`/calendar?view=day&date=${day}`);
  await page.locator('[data-customer="Ida Iske"]').first().click();
  await expect(page.getByTestId("event-panel")).toBeVisible();
  await expectNoSeriousAxe(page, "selected");
  // The window dialog.
  await page.getByRole("button", { name: "New window" }).click();
  await expect(page.getByTestId("window-dialog")).toBeVisible();
  await expectNoSeriousAxe(page, "window dialog", "dialog");
  await page.getByTestId("window-dialog").getByLabel("Every week").check();
  await expectNoSeriousAxe(page, "window dialog (weekly)", "dialog");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("window-dialog")).toBeHidden();

  // The series dialog: a weekly window, then Delete.
  const monday = format(addDays(new Date(), 14 - ((new Date().getDay() + 6) % 7)), "yyyy-MM-dd");
  await page.goto(`/calendar?view=day&date=${monday}`);
  await page.getByRole("button", { name: "New window" }).click();
  const dialog = page.getByTestId("window-dialog");
  await dialog.getByPlaceholder("Search name or email").fill("Jonas Dietz");
  await dialog.getByRole("checkbox", { name: "Storage 1 (Storage)", exact: true }).check();
  await dialog.getByLabel("Every week").check();
  await dialog.getByLabel("Daily from").fill("07:00");
  await dialog.getByLabel("Daily until").fill("08:00");
  await dialog.getByLabel("First day").fill(monday);
  await dialog.getByLabel("Last day (optional)").fill(format(addDays(new Date(`${monday}T12:00:00`), 6), "yyyy-MM-dd"));
  await dialog.getByRole("button", { name: "Save window" }).click();
  await expect(dialog).toBeHidden();
  await page.locator('[data-customer="Jonas Dietz"]').first().click();
  await page.getByTestId("event-panel").getByRole("button", { name: "Delete" }).click();
  const choice = page.getByTestId("series-choice");
  await expect(choice).toBeVisible();
  await expectNoSeriousAxe(page, "series dialog", "[data-testid=series-choice]");
  // A real modal: focus starts inside, Tab stays inside, Escape cancels and focus goes back to the window.
  await expect(choice.getByRole("button", { name: "Only this occurrence" })).toBeFocused();
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("[data-testid=series-choice]"))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(choice).toBeHidden();
  await expect(page.locator('[data-customer="Jonas Dietz"]')).toHaveCount(1);
  expect((await focused(page)).customer).toBe("Jonas Dietz");
});

test("[A11Y-CAL] keyboard only: create, open, edit and delete in the day view; open in month and agenda", async ({
  page,
}) => {
  const day = at(4);
  const crashes = watchCrashes(page);
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${day}`);
  await expect(page.locator(".rbc-time-view")).toBeVisible();

  // Create.
  await tabTo(page, "button.btn-primary");
  expect((await focused(page)).text).toBe("New window");
  await page.keyboard.press("Enter");
  const dialog = page.getByTestId("window-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByPlaceholder("Search name or email")).toBeFocused();
  await page.keyboard.type("Kemal Kr");
  await expect(dialog.getByText(/Chosen: Kemal/)).toBeVisible(); // the only match is chosen
  await page.keyboard.press("Tab"); // → list
  await page.keyboard.press("Tab"); // → first door
  // Tick "Bike room": Tab through the doors, Space on it.
  for (let i = 0; i < 12; i++) {
    const f = await page.evaluate(() => document.activeElement?.closest("label")?.textContent ?? "");
    if (f.startsWith("Bike room")) break;
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Space");
  await tabTo(page, "[data-field=start]");
  // One Tab stop per date-time field: From → Until directly.
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(`${day} 13:00`);
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.field)).toBe("end");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(`${day} 14:00`);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  // Focus lands on the new window, named with who, door, when and state.
  await expect.poll(async () => (await focused(page)).customer).toBe("Kemal Krüger");
  const name = (await focused(page)).label;
  expect(name).toMatch(/^Kemal Krüger, Bike room, \w{3} \d{1,2} \w{3} 13:00–14:00, (Sending to lock|On lock)/);
  // The outcome is announced politely once the lock confirms.
  await expect(page.getByTestId("announce-polite")).toContainText("Kemal Krüger, Bike room", { timeout: 15_000 });

  // Open: Enter on the focused window; the panel takes focus.
  await page.keyboard.press("Enter");
  const panel = page.getByTestId("event-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("heading", { name: "Kemal Krüger" })).toBeFocused();

  // Edit: Tab to Edit…, change the end, Enter; focus returns to the window.
  await tabTo(page, "[data-testid=event-panel] button", 5, "Edit");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Until").focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(`${day} 15:00`);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await focused(page)).label).toMatch(/Kemal Krüger, Bike room, .* 13:00–15:00/);

  // Delete: panel is still open; Delete, and focus goes to "New window", not the page body.
  await tabTo(page, "[data-testid=event-panel] button", 8, "Delete");
  await page.keyboard.press("Enter");
  await expect(page.locator('[data-customer="Kemal Krüger"]')).toHaveCount(0);
  await expect.poll(async () => (await focused(page)).text).toBe("New window");

  // Month and agenda: windows are reachable with Tab and open with Enter.
  await createWindowViaDialog(page, {
    customer: "Lena Fuchs",
    door: "Bike room (Shared)",
    day,
    from: "16:00",
    until: "17:00",
  });
  for (const view of ["month", "agenda"]) {
    await page.goto(`/calendar?view=${view}&date=${day}`);
    await expect(page.locator('[data-customer="Lena Fuchs"]').first()).toBeVisible();
    await page.locator("body").focus();
    await tabTo(page, view === "month" ? ".rbc-event" : "button[data-customer]", 120);
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("event-panel"), view).toBeVisible();
    await expect(page.getByTestId("event-panel").getByRole("heading")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("event-panel")).toBeHidden();
  }
  await crashes.check();
});

for (const locale of ["en-US", "en-GB"]) {
  test.describe(`typing in ${locale}`, () => {
    test.use({ locale });
    test(`[A11Y-CAL] malformed dates typed into every date field never crash the calendar (${locale})`, async ({
      page,
    }) => {
      test.setTimeout(240_000);
      const crashes = watchCrashes(page);
      await signIn(page, DESK);
      await page.goto(`/calendar?view=day&date=${at(5)}`);
      await page.getByRole("button", { name: "New window" }).click();
      const dialog = page.getByTestId("window-dialog");
      const bad = [
        "02026-12-01 09:00",
        "20261-12-01 09:00",
        "2026-013-01 9:00",
        "2026-12-32 09:00",
        "2026-02-30 0:00",
        "12/01/2026 9:00 AM",
        "01.12.2026",
        "2026-12-01 25:00",
        "x",
      ];
      const fields = [
        ["From", "once"],
        ["Until", "once"],
        ["Daily from", "weekly"],
        ["Daily until", "weekly"],
        ["First day", "weekly"],
        ["Last day (optional)", "weekly"],
      ] as const;
      for (const [label, kind] of fields) {
        await dialog.getByLabel(kind === "once" ? "One-off" : "Every week").check();
        const input = dialog.getByLabel(label, { exact: true });
        for (const text of bad) {
          await input.fill("");
          await input.pressSequentially(text);
          // Backspace through it, as people do, then a leading zero.
          for (let i = 0; i < 4; i++) await input.press("Backspace");
          await input.press("0");
          await input.press("Tab");
          await expect(dialog).toBeVisible();
        }
        await expect(dialog.locator(".field-error").first(), label).toBeVisible();
        await expect(input).toHaveAttribute("aria-invalid", "true");
      }
      // Saving with a bad field: nothing is sent, focus goes to the field to fix.
      await dialog.getByLabel("One-off").check();
      await dialog.getByPlaceholder("Search name or email").fill("Mika Adler");
      await dialog.getByRole("checkbox", { name: "Storage 2 (Storage)", exact: true }).check();
      await dialog.getByLabel("From", { exact: true }).fill("2026-02-30 10:00");
      await dialog.getByRole("button", { name: "Save window" }).click();
      await expect(dialog.getByLabel("From", { exact: true })).toBeFocused();
      await expect(dialog.getByText("Enter the start as a date and 24-hour time")).toBeVisible();
      await crashes.check();
    });
  });
}

test("[A11Y-CAL] customer search: a single match can be chosen, and a customer with a group is found by email", async ({
  page,
}) => {
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${at(6)}`);
  await page.getByRole("button", { name: "New window" }).click();
  const dialog = page.getByTestId("window-dialog");
  const list = dialog.getByRole("listbox", { name: "Customer" });
  // Every demo customer has a group; the email still finds them, and the list shows the email.
  await dialog.getByPlaceholder("Search name or email").fill("nora.hahn.14@");
  await expect(list.locator("option:not([hidden])")).toHaveCount(1);
  await expect(list.locator("option").first()).toContainText("nora.hahn.14@example.com");
  await expect(dialog.getByText(/Chosen: Nora Hahn/)).toBeVisible();
  // Clicking the single match keeps it chosen (it used to look chosen and not be).
  await list.locator("option").first().click();
  await dialog.getByRole("checkbox", { name: "Studio D (Studios)", exact: true }).check();
  await expect(dialog.getByRole("button", { name: "Save window" })).toBeEnabled();
  // Several matches: nothing looks chosen until one is picked.
  await dialog.getByPlaceholder("Search name or email").fill("Studio tenants");
  await expect(list).toHaveValue("");
  await list.selectOption({ index: 1 });
  await expect(dialog.getByText(/Chosen: /)).toBeVisible();
});

test("[A11Y-CAL] the dialog honours context: ?customer&new=1 and the customer filter preselect the customer and the day in view", async ({
  page,
}) => {
  const day = at(9);
  const customerId = await withAppDb(
    async (c) => (await c.query("select id from customers where name = 'Oskar Cordes' limit 1")).rows[0]?.id as string,
  );
  expect(customerId).toBeTruthy();
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${day}&customer=${customerId}&new=1`);
  const dialog = page.getByTestId("window-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(/Chosen: Oskar Cordes/)).toBeVisible();
  // The site's check-in (the demo building's default, 15:00) until its check-out the next day.
  await expect(dialog.getByLabel("From", { exact: true })).toHaveValue(`${day} 15:00`);
  await expect(dialog.getByLabel("Until", { exact: true })).toHaveValue(
    `${format(addDays(new Date(`${day}T12:00:00`), 1), "yyyy-MM-dd")} 11:00`,
  );
  await expect(page).not.toHaveURL(/new=1/);
  await page.keyboard.press("Escape");
  // With the filter alone, "New window" does the same.
  await page.getByRole("button", { name: "New window" }).click();
  await expect(dialog.getByText(/Chosen: Oskar Cordes/)).toBeVisible();
  await expect(dialog.getByLabel("From", { exact: true })).toHaveValue(`${day} 15:00`);
});

test("[A11Y-CAL] one customer, several doors at once; ?window=<id> opens that window's panel", async ({ page }) => {
  const day = at(10);
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${day}`);
  await page.getByRole("button", { name: "New window" }).click();
  const dialog = page.getByTestId("window-dialog");
  await dialog.getByPlaceholder("Search name or email").fill("Pia Jung");
  for (const door of ["Studio A (Studios)", "Studio C (Studios)", "Meeting room 1 (Meeting rooms)"])
    await dialog.getByRole("checkbox", { name: door, exact: true }).check();
  await dialog.getByLabel("From", { exact: true }).fill(`${day} 10:00`);
  await dialog.getByLabel("Until", { exact: true }).fill(`${day} 12:00`);
  await dialog.getByRole("button", { name: "Save 3 windows" }).click();
  await expect(dialog).toBeHidden();
  const pia = page.locator('[data-testid=calendar-event][data-customer="Pia Jung"]');
  await expect(pia).toHaveCount(3);
  const names = await page
    .locator(".rbc-event:has([data-customer='Pia Jung'])")
    .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  expect(new Set(names).size).toBe(3); // three doors never sound alike
  const windowId = await pia.first().getAttribute("data-window-id");
  await page.goto(`/calendar?view=day&date=${day}&window=${windowId}`);
  await expect(page.getByTestId("event-panel")).toContainText("Pia Jung");
});

test("[A11Y-CAL] small screens: 1280×800, 200 % zoom (640×400) and a 390×844 phone fit without sideways scrolling", async ({
  page,
}) => {
  const day = at(11);
  await signIn(page, DESK);
  await page.goto(`/calendar?view=day&date=${day}`);
  await createWindowViaDialog(page, {
    customer: "Quentin Ebert",
    door: "Main entrance (Shared)",
    day,
    from: "09:00",
    until: "11:00",
  });
  // The calendar's part of the page (<main>) never scrolls sideways; the staff header is helper deskb's.
  const overflow = () =>
    page.evaluate(() => {
      const main = document.querySelector("main")!;
      const card = document.querySelector("[data-testid=calendar]")!.getBoundingClientRect();
      return Math.max(main.scrollWidth - main.clientWidth, card.right - document.documentElement.clientWidth);
    });
  for (const [w, h, view] of [
    [1280, 800, "week"],
    [640, 400, "week"],
    [390, 844, "day"],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(`/calendar?view=${view}&date=${day}`);
    const ida = page.locator('[data-testid=calendar-event][data-customer="Quentin Ebert"]').first();
    await expect(ida).toBeVisible();
    await page.screenshot({ path: `e2e/screenshots/calendar-${w}x${h}.png`, fullPage: true });
    expect(await overflow(), `${w}×${h}`).toBeLessThanOrEqual(0);
    // Week events stay readable: wide enough for the name.
    const box = (await ida.boundingBox())!;
    expect(box.width, `${w}×${h} event width`).toBeGreaterThanOrEqual(60);
    // The panel keeps its actions in view.
    await ida.click();
    const panel = page.getByTestId("event-panel");
    await expect(panel).toBeVisible();
    for (const label of ["Edit…", "Delete"]) {
      const b = (await panel.getByRole("button", { name: label }).boundingBox())!;
      expect(b.y + b.height, `${label} at ${w}×${h}`).toBeLessThanOrEqual(h);
      expect(b.x + b.width).toBeLessThanOrEqual(w);
    }
    await page.screenshot({ path: `e2e/screenshots/calendar-panel-${w}x${h}.png` });
    await panel.getByRole("button", { name: "Close details" }).click();
    if (w === 390) {
      await page.getByRole("button", { name: "New window" }).click();
      const dialog = page.getByTestId("window-dialog");
      const d = (await page.locator("dialog[open]").boundingBox())!;
      expect(d.x).toBeGreaterThanOrEqual(0);
      expect(d.x + d.width).toBeLessThanOrEqual(w);
      expect(d.y + d.height).toBeLessThanOrEqual(h);
      await expect(dialog.getByRole("button", { name: "Save window" }))
        .toBeInViewport({ ratio: 0 })
        .catch(() => {});
      await dialog.getByRole("button", { name: "Save window" }).scrollIntoViewIfNeeded();
      await expect(dialog.getByRole("button", { name: "Save window" })).toBeInViewport();
      await page.screenshot({ path: "e2e/screenshots/calendar-dialog-390x844.png" });
      expect(await overflow()).toBeLessThanOrEqual(0);
    }
  }
});
