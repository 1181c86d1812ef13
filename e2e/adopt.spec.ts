import { expect, test } from "@playwright/test";
import { ADMIN, DESK, signIn, withAppDb } from "./helpers";
import { expectNoSeriousA11yViolations, SIM } from "./pages";

test.describe.configure({ mode: "serial" });

const DOOR = "Storage 2"; // no other spec schedules on it
const CODE = 583_947;

type SimAuth = { id: string; smartlockId: number; name: string; code: number | null; authId: number | null };
const simAuths = async (request: import("@playwright/test").APIRequestContext) =>
  ((await (await request.get(`${SIM}/_sim/state`)).json()) as { auths: SimAuth[] }).auths;

test("[ADOPT] an admin adopts a keypad code that was on the lock before Portier: same auth, same code, now Portier's", async ({
  page,
  browser,
  request,
}) => {
  const door = await withAppDb(
    async (c) => (await c.query("select id, smartlock_id from doors where name = $1", [DOOR])).rows[0],
  );
  const smartlockId = Number(door.smartlock_id);
  // Someone put a code on the lock through Nuki's own API before Portier took over.
  const put = await request.put(`${SIM}/smartlock/auth`, {
    headers: { authorization: "Bearer sim-token" },
    data: {
      name: "Night porter",
      type: 13,
      code: CODE,
      remoteAllowed: false,
      smartlockIds: [smartlockId],
      allowedFromDate: null,
      allowedUntilDate: null,
      allowedWeekDays: 124,
      allowedFromTime: 18 * 60,
      allowedUntilTime: 23 * 60,
    },
  });
  expect(put.status()).toBe(204);
  let original: SimAuth | undefined;
  await expect
    .poll(
      async () => {
        original = (await simAuths(request)).find((a) => a.name === "Night porter" && a.authId != null);
        return !!original;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  // What the periodic resync records (lib/access/adopt/refresh-unmanaged.ts; covered by adopt.integration):
  // written directly so the spec need not wait five minutes for the next resync.
  await withAppDb((c) =>
    c.query(
      `insert into unmanaged_auths (door_id, nuki_auth_id, lock_auth_id, name, type, allowed_week_days, allowed_from_time, allowed_until_time)
       values ($1, $2, $3, 'Night porter', 13, 124, 1080, 1380) on conflict do nothing`,
      [door.id, original!.id, original!.authId],
    ),
  );

  // The front desk sees it but may not adopt.
  const deskContext = await browser.newContext();
  const desk = await deskContext.newPage();
  await signIn(desk, DESK);
  await desk.goto(`/doors/${door.id}`);
  const deskRow = desk.locator('[data-testid=unmanaged-row][data-name="Night porter"]');
  await expect(deskRow).toContainText("Mon–Fri 18:00–23:00");
  await expect(deskRow.getByRole("button")).toHaveCount(0);
  await deskContext.close();

  await signIn(page, ADMIN);
  await page.goto(`/doors/${door.id}`);
  const section = page.getByTestId("door-unmanaged");
  const row = section.locator('[data-testid=unmanaged-row][data-name="Night porter"]');
  await expect(row).toContainText("Keypad code");
  await expectNoSeriousA11yViolations(page, "adopt");
  await row.getByRole("button", { name: "Adopt Night porter" }).click();
  const form = page.getByTestId("adopt-form");
  await form.getByLabel("New customer").check();
  await form.getByLabel("Name").fill("Nina Porter");
  await form.getByLabel("Email").fill("nina.porter@example.com");
  await form.getByRole("button", { name: "Adopt", exact: true }).click();
  await expect(page.getByTestId("toast").first()).toContainText("managed by Portier now");
  await expect(row).toHaveCount(0);
  await page.screenshot({ path: "e2e/screenshots/adopt-door.png", fullPage: true });

  // The lock still holds exactly one auth with that code — the same one, renamed with Portier's tag.
  await expect
    .poll(
      async () => {
        const withCode = (await simAuths(request)).filter((a) => a.smartlockId === smartlockId && a.code === CODE);
        return withCode.map((a) => [a.id, /^Nina Porter #[0-9a-z]{6}$/.test(a.name)]);
      },
      { timeout: 20_000 },
    )
    .toEqual([[original!.id, true]]);
  const audited = await withAppDb(
    async (c) => (await c.query("select count(*)::int as n from audit_log where action = 'auth.adopt'")).rows[0].n,
  );
  expect(audited).toBe(1);

  // Building-wide list and the customer's windows on the calendar.
  await page.goto("/doors/unmanaged");
  await expect(page.getByRole("heading", { name: "On the locks, not managed by Portier" })).toBeVisible();
  await expect(page.locator('[data-testid=unmanaged-row][data-name="Night porter"]')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, "adopt");
});
