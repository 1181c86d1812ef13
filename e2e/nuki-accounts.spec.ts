import { expect, test } from "@playwright/test";
import { ADMIN, signIn, withAppDb } from "./helpers";
import { expectNoSeriousA11yViolations, SIM } from "./pages";

/**
 * Issue 13, several Nuki accounts, against `next start` and the demo simulator: a second account is
 * added to the simulator, an admin tests its token, connects it (the token never comes back), a wrong
 * rotation is refused, the lanes import the new account's locks as its doors, and disabling works.
 */
test("[Nuki accounts] connect a second account, its locks become its doors, a wrong token is refused", async ({
  page,
  request,
}) => {
  const token = `sim-e2e-annex-${Date.now()}`;
  const made = await request.post(`${SIM}/_sim/accounts`, {
    data: { name: `annex-${Date.now() % 100000}`, tokens: [token], locks: 2, firstSmartlockId: 7_000_000 },
  });
  expect(made.status()).toBe(201);

  await signIn(page, ADMIN, "/settings/nuki");
  await page.goto("/settings/nuki");
  await expect(page.getByRole("heading", { name: "Nuki accounts" })).toBeVisible();
  await expect(page.getByTestId("nuki-connections-table")).toContainText("Demo simulator");

  await page.getByLabel("Name").fill("Annex (e2e)");
  await page.getByLabel("API address").fill(SIM);
  await page.getByLabel("API token").fill("not-the-right-token-0000");
  await page.getByRole("button", { name: "Test token" }).click();
  await expect(page.getByTestId("nuki-token-test")).toContainText("rejected the API token");

  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Test token" }).click();
  await expect(page.getByTestId("nuki-token-test")).toContainText("2 device(s)");
  await page.getByRole("button", { name: "Connect account" }).click();
  const row = page.getByRole("row", { name: /Annex \(e2e\)/ });
  await expect(row).toBeVisible();
  await expect(page.getByLabel("API token")).toHaveValue("");
  // Never shown back: only its last four characters.
  await expect(page.locator("body")).not.toContainText(token);
  await expect(row).toContainText(`…${token.slice(-4)}`);

  // Its lane starts within seconds and lock sync makes the account's locks its doors.
  await expect
    .poll(
      () =>
        withAppDb(
          async (c) =>
            (
              await c.query(
                "select count(*)::int as n from doors d join nuki_connections n on n.id = d.connection_id where n.name = $1",
                ["Annex (e2e)"],
              )
            ).rows[0].n,
        ),
      { timeout: 30_000 },
    )
    .toBe(2);

  await row.getByRole("button", { name: "Rotate token" }).click();
  await row.getByLabel(/New API token/).fill("still-not-the-right-token");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/did not accept this token/)).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/nuki-accounts.png", fullPage: true });
  await expectNoSeriousA11yViolations(page, "/settings/nuki with a second account");

  await page.reload();
  await page
    .getByRole("row", { name: /Annex \(e2e\)/ })
    .getByRole("button", { name: "Disable" })
    .click();
  await expect(page.getByRole("row", { name: /Annex \(e2e\)/ })).toContainText("disabled");
  const audit = await withAppDb(
    async (c) =>
      (await c.query("select action, after::text from audit_log where entity_type = 'nuki_connection' order by id"))
        .rows as { action: string; after: string }[],
  );
  expect(audit.map((a) => a.action)).toEqual(["nuki_connection.create", "nuki_connection.disable"]);
  expect(JSON.stringify(audit)).not.toContain(token);
});
