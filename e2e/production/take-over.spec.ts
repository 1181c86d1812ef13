import { expect, type Page, test } from "@playwright/test";
import { ADMIN, CUSTOMER_PASSWORD, DESK, MANAGER, withAppDb } from "../helpers";
import { expectNoSeriousA11yViolations } from "../pages";
import { logHas, serverLog, setupLinkFromLog, simAuths } from "./helpers";

/**
 * Issue #10 end to end, in PRODUCTION mode (playwright.production.config.ts): the simulator plays the
 * operator's Nuki account (`npm run sim -- --profile building`, its own token), the app runs with
 * NUKI_API_TOKEN + NUKI_API_BASE_URL on an empty database. One story, told in order — each step
 * stands on the previous one.
 *
 * Every step runs for real; a step whose feature is missing from main would be `test.fixme`, naming
 * the missing piece, never faked.
 */
test.describe.configure({ mode: "serial" });

const OWNER = { name: "Olga Owner", email: "olga@hotel-group.test", password: "violet-harbour-tram-42" };
const FRONT_DESK = { name: "Finn Frontdesk", email: "finn@hotel-group.test", password: "copper-lantern-fjord-88" };

async function signInAs(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

test("[PROD 1] the setup link from the server's log creates the first admin, once", async ({ page }) => {
  // The setup and invite pages run under the same CSP as every page (e2e/security.spec.ts).
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  const link = await setupLinkFromLog();
  const headers = (await page.request.get("/setup")).headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  expect(headers["referrer-policy"]).toBe("no-referrer");
  // Without the token (or with a wrong one) there is no form.
  await page.goto("/setup");
  await expect(page.getByText("This setup link has expired or was already used")).toBeVisible();
  await page.goto("/setup?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  await expect(page.getByRole("button", { name: "Create admin account" })).toHaveCount(0);

  await page.goto(`${link.pathname}${link.search}`);
  await expectNoSeriousA11yViolations(page, "setup");
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  // The same password rules as everywhere: a short one is refused in words, the link survives.
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Repeat password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByLabel("Repeat password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  // Signed in as the new admin, on the first step of taking over a building: the doors.
  await expect(page).toHaveURL(/\/doors/);
  await page.screenshot({ path: "e2e/screenshots/production-after-setup.png" });
  expect(violations).toEqual([]);

  // Single use: the same link now only says setup is done.
  await page.context().clearCookies();
  await page.goto(`${link.pathname}${link.search}`);
  await expect(page.getByTestId("setup-state")).toHaveAttribute("data-state", "done");
  await expect(page.getByText("Setup is done")).toBeVisible();
  // Only the hash was ever stored.
  const stored = await withAppDb((c) => c.query<{ token_hash: string }>("select token_hash from setup_tokens"));
  expect(JSON.stringify(stored.rows)).not.toContain(link.searchParams.get("token")!);
});

test("[PROD 2] demo credentials do not exist outside demo mode (DEMO_SEED=auto notwithstanding)", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect(page.getByTestId("demo-accounts")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText("portier-admin");
  await page.goto("/portal/login");
  await expect(page.locator("body")).not.toContainText(CUSTOMER_PASSWORD);
  // No demo sign-in works.
  for (const who of [ADMIN, MANAGER, DESK]) {
    await page.goto("/login");
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("login-message")).toContainText("Email or password is incorrect.");
  }
  // No demo data at all: the admin created in step 1 is the only user; no demo door or customer.
  const counts = await withAppDb(async (c) => {
    const one = async (sql: string) => (await c.query<{ n: number }>(sql)).rows[0]!.n;
    return {
      users: await one("select count(*)::int as n from users"),
      demoUsers: await one("select count(*)::int as n from users where email like '%@portier.test'"),
      demoDoors: await one("select count(*)::int as n from doors where name in ('Main entrance', 'Studio A')"),
      customers: await one("select count(*)::int as n from customers"),
    };
  });
  expect(counts).toEqual({ users: 1, demoUsers: 0, demoDoors: 0, customers: 0 });
  // The server never started its demo wiring, and named the secrets a second instance needs.
  const log = serverLog();
  expect(logHas(log, "demo")).toBe(false);
  expect(log).not.toContain("demo mode: simulator");
  expect(logHas(log, "secrets")).toBe(true);
  expect(log).toMatch(/CODE_ENCRYPTION_KEY/);
  // The demo-only outbox page does not exist in production.
  await signInAs(page, OWNER);
  expect((await page.goto("/outbox"))!.status()).toBe(404);
});

test("[PROD 3] the admin invites the front desk from the Users page; the invite link sets their password", async ({
  page,
  browser,
}) => {
  await signInAs(page, OWNER);
  await page.goto("/users");
  const form = page.getByTestId("invite-form");
  await form.getByLabel("Name").fill(FRONT_DESK.name);
  await form.getByLabel("Email").fill(FRONT_DESK.email);
  await form.getByLabel("Role").selectOption("staff");
  await form.getByRole("button", { name: "Send invite" }).click();
  const row = page.getByTestId("users-table").getByRole("row", { name: new RegExp(FRONT_DESK.name) });
  await expect(row).toContainText("invited");
  // No SMTP in this run: the mail waits in the outbox table, as it would for a mail server.
  const body = await withAppDb(
    async (c) =>
      (
        await c.query<{ body: string }>("select body from outbox where kind = 'staff-invite' and \"to\" = $1", [
          FRONT_DESK.email,
        ])
      ).rows[0]!.body,
  );
  const url = new URL(/https?:\/\/\S+\/invite\?token=[A-Za-z0-9_-]+/.exec(body)![0]);

  const desk = await (await browser.newContext()).newPage();
  await desk.goto(`${url.pathname}${url.search}`);
  await expect(desk.getByText(`Choose a password for ${FRONT_DESK.email}`)).toBeVisible();
  await expectNoSeriousA11yViolations(desk, "invite");
  await desk.getByLabel("Password", { exact: true }).fill(FRONT_DESK.password);
  await desk.getByLabel("Repeat password").fill(FRONT_DESK.password);
  await desk.getByRole("button", { name: "Set password and sign in" }).click();
  // Signed in as the new staff member (the shell names them), wherever the start page leads.
  await expect(desk.getByTestId("current-user")).toContainText(FRONT_DESK.name, { timeout: 30_000 });
  // Single use.
  await desk.context().clearCookies();
  await desk.goto(`${url.pathname}${url.search}`);
  await expect(desk.getByText("This invite has expired, was withdrawn or was already used")).toBeVisible();

  await page.reload();
  await expect(row).toContainText("active");
});

const BERLIN = { site: "Berlin Coworking", zone: "Europe/Berlin" };
const NYC = { site: "NYC Studios", zone: "America/New_York" };
const BERLIN_DOORS = [
  "Berlin Front Door",
  "Berlin Studio 1",
  "Berlin Studio 2",
  "Berlin Archive",
  "Berlin Street Intercom",
];
const NYC_DOORS = ["NYC Lobby", "NYC Suite 4B", "NYC Rooftop"];

test("[PROD 4] Sync from Nuki brings the account's locks in as doors awaiting a site", async ({ page }) => {
  await signInAs(page, OWNER);
  await page.goto("/doors");
  await page.getByRole("button", { name: "Sync from Nuki" }).click();
  await expect(page.getByTestId("sync-result")).toContainText("Read 8 devices from Nuki");
  const awaiting = page.getByTestId("doors-awaiting-site");
  for (const name of [...BERLIN_DOORS, ...NYC_DOORS])
    await expect(awaiting.getByRole("row", { name: new RegExp(name) })).toBeVisible();
  await expect(awaiting.getByRole("row", { name: /Berlin Street Intercom/ })).toContainText("Opener");
  await expect(awaiting.getByRole("row", { name: /NYC Lobby/ })).toContainText(NYC.zone);
});

test("[PROD 5] two sites in different zones: Berlin, and New York (DST starts 14 Mar 2027)", async ({ page }) => {
  await signInAs(page, OWNER);
  for (const s of [BERLIN, NYC]) {
    await page.goto("/sites");
    await page.getByRole("button", { name: "New site" }).click();
    const form = page.getByTestId("site-form");
    await form.getByLabel("Name").fill(s.site);
    await form.getByLabel(/Time zone/).fill(s.zone);
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: s.site })).toBeVisible();
  }
});

test("[PROD 6] doors assigned to their sites and groups", async ({ page }) => {
  await signInAs(page, OWNER);
  for (const [s, names] of [
    [BERLIN, BERLIN_DOORS],
    [NYC, NYC_DOORS],
  ] as const) {
    await page.goto("/sites");
    const awaiting = page.getByTestId("awaiting-doors");
    for (const name of names) await awaiting.getByLabel(`Select ${name}`).check();
    await awaiting.getByLabel("Site").selectOption({ label: `${s.site} (${s.zone})` });
    await awaiting.getByRole("button", { name: "Assign to site" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: `${names.length} doors moved` })).toBeVisible();
  }
  await expect(page.getByTestId("awaiting-doors")).toHaveCount(0);
  // A door group in Berlin: the two studios.
  await page.getByTestId("sites-table").getByRole("link", { name: BERLIN.site }).click();
  await page.getByLabel("New group name").fill("Studios");
  await page.getByRole("button", { name: "Add group" }).click();
  const doors = page.getByTestId("site-doors");
  await doors.getByLabel("Select Berlin Studio 1").check();
  await doors.getByLabel("Select Berlin Studio 2").check();
  await doors.getByLabel("Group", { exact: true }).selectOption({ label: "Studios" });
  await doors.getByRole("button", { name: "Move to group" }).click();
  await expect(doors.getByRole("cell", { name: "Studios" })).toHaveCount(2);
});

const CUSTOMERS_CSV = [
  "name,email,phone,credential",
  "Mia Novak,mia.novak@example.com,+49 30 5550101,app",
  "Noah Berg,noah.berg@example.com,+1 212 555 0199,keypad",
  "Ella Wolf,ella.wolf@example.com,,keypad",
].join("\n");

test("[PROD 7] customers imported from CSV: a dry-run preview, then all of them at once", async ({ page }) => {
  await signInAs(page, OWNER);
  await page.goto("/customers");
  await page.getByRole("link", { name: "Import CSV" }).click();
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(CUSTOMERS_CSV, "utf8") });
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByTestId("import-totals")).toHaveText("3 rows: 3 new, 0 to update, 0 unchanged, 0 with errors.");
  // The preview wrote nothing.
  expect(await withAppDb(async (c) => (await c.query("select 1 from customers")).rowCount)).toBe(0);
  await page.getByRole("button", { name: "Import 3 customers" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported:" })).toContainText("Imported: 3 new");
  expect(await withAppDb(async (c) => (await c.query("select 1 from customers")).rowCount)).toBe(3);
});

test("[PROD 8] an existing keypad code and an existing app user are adopted, nothing re-created", async ({ page }) => {
  await signInAs(page, OWNER);
  await page.goto("/doors/unmanaged");
  // The app user Mia Novak had before Portier matches the imported customer by email.
  await page.getByRole("button", { name: /Adopt app users whose email matches a customer/ }).click();
  await expect(page.getByTestId("bulk-adopt")).toContainText("Mia Novak → Mia Novak");
  // The cleaners' keypad code on the Berlin front door: adopted to a new customer, code kept.
  const cleaning = page.locator('[data-testid=unmanaged-row][data-name="Cleaning"]');
  await cleaning.getByRole("button", { name: "Adopt Cleaning" }).click();
  const form = page.getByTestId("adopt-form");
  await form.getByLabel("New customer").check();
  await form.getByLabel("Name").fill("Cleaning Crew");
  await form.getByLabel("Email").fill("cleaning@hotel-group.test");
  await form.getByRole("button", { name: "Adopt", exact: true }).click();
  await expect(page.locator('[data-testid=unmanaged-row][data-name="Cleaning"]')).toHaveCount(0);
  // Nothing was re-created on the lock: the same code is still there, once.
  const codes = (await simAuths()).filter((a) => a.code === 381947);
  expect(codes).toHaveLength(1);
});

/**
 * Drags 10:00–12:00 on a door's column in the day view of its site's calendar and picks the customer.
 * 15 Mar 2027 is the day after New York's DST change (14 Mar): the lock must still get 10:00–12:00
 * on its own wall clock, not an hour off.
 */
const DAY = "2027-03-15";
async function dragWindow(page: Page, siteId: string, door: string, customer: string) {
  await page.goto(`/calendar?view=day&date=${DAY}&site=${siteId}`);
  const names = await page.locator(".rbc-time-header .rbc-row-resource .rbc-header").allInnerTexts();
  const col = page.locator(".rbc-time-content .rbc-day-slot").nth(names.findIndex((n) => n.trim() === door));
  const hour = async (h: number) => {
    const g = col.locator(".rbc-timeslot-group").nth(h);
    await g.scrollIntoViewIfNeeded();
    return (await g.boundingBox())!;
  };
  const a = await hour(10);
  const b = await hour(11);
  await page.mouse.move(a.x + a.width / 2, a.y + 3);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2, a.y + 20, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height - 3, { steps: 8 });
  await page.mouse.up();
  const dialog = page.getByTestId("window-dialog");
  await dialog.getByPlaceholder("Search name or email").fill(customer);
  await dialog.getByRole("listbox", { name: "Customer" }).selectOption({ index: 0 });
  await dialog.getByRole("button", { name: "Save window" }).click();
  await expect(dialog).toBeHidden();
  const ev = page.locator(`[data-testid=calendar-event][data-customer="${customer}"]`);
  await expect(ev.locator("[data-sync-state]")).toHaveAttribute("data-sync-state", "applied", { timeout: 30_000 });
  await expect(ev).toContainText("On lock");
}

test("[PROD 9] a window dragged on each site's calendar is 'On lock' with the site's wall-clock times", async ({
  page,
}) => {
  await signInAs(page, OWNER);
  const siteIds = await withAppDb(async (c) => {
    const rows = (await c.query<{ id: string; name: string }>("select id, name from sites")).rows;
    return Object.fromEntries(rows.map((r) => [r.name, r.id]));
  });
  await dragWindow(page, siteIds[BERLIN.site]!, "Berlin Studio 2", "Ella Wolf");
  await dragWindow(page, siteIds[NYC.site]!, "NYC Lobby", "Noah Berg");
  // What each lock holds: 10:00–12:00 on its own clock, that day only — as Nuki's date range (a
  // one-off window needs no daily minutes) or as daily minutes. New York is on EDT (UTC−4) since
  // 14 Mar: an auth an hour off (EST) would open at 15:00Z instead of 14:00Z.
  for (const [lock, customer, fromUtc, untilUtc] of [
    ["Berlin Studio 2", "Ella Wolf", "2027-03-15T09:00:00.000Z", "2027-03-15T11:00:00.000Z"],
    ["NYC Lobby", "Noah Berg", "2027-03-15T14:00:00.000Z", "2027-03-15T16:00:00.000Z"],
  ] as const) {
    const smartlockId = await withAppDb(
      async (c) =>
        (await c.query<{ id: string }>("select smartlock_id::text as id from doors where name = $1", [lock])).rows[0]!
          .id,
    );
    const auth = (await simAuths()).find((a) => String(a.smartlockId) === smartlockId && a.name.startsWith(customer));
    expect(auth, `${customer} on ${lock}`).toBeDefined();
    const iso = (d?: string) => (d ? new Date(d).toISOString() : null);
    const held =
      auth!.allowedFromTime || auth!.allowedUntilTime
        ? { from: auth!.allowedFromTime, until: auth!.allowedUntilTime }
        : { from: iso(auth!.allowedFromDate), until: iso(auth!.allowedUntilDate) };
    expect([
      { from: fromUtc, until: untilUtc },
      { from: 600, until: 720 },
    ]).toContainEqual(held);
  }
  await page.screenshot({ path: "e2e/screenshots/production-two-sites.png" });
});
