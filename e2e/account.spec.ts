import { randomBytes, scryptSync } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signIn, withAppDb } from "./helpers";
import { expectNoSeriousA11yViolations } from "./pages";

/**
 * A staff member changes their own password at /account/password: a wrong current password is
 * refused next to its field, a right one changes it and ends the session, and only the new
 * password signs in afterwards. Its own user, so no other spec's sign-in is touched.
 */
const EMAIL = "paula.password@portier.test";
const OLD = "an old brass door key";
const NEW = "a fresh coat of blue paint";

/** The stored form of lib/auth/password.ts (scrypt$N$r$p$salt$hash), at a low cost for a fixture. */
function hashForFixture(password: string) {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  return ["scrypt", 2 ** 14, 8, 1, salt.toString("base64"), hash.toString("base64")].join("$");
}

test("[ACCOUNT] change my password: current one required, sessions end, the new one signs in", async ({ page }) => {
  await withAppDb((c) =>
    c.query(
      `insert into users (email, name, role, password_hash) values ($1, 'Paula Password', 'staff', $2)
       on conflict (email) do update set password_hash = excluded.password_hash, session_version = users.session_version + 1`,
      [EMAIL, hashForFixture(OLD)],
    ),
  );
  await signIn(page, { email: EMAIL, password: OLD }, "/today");
  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { name: "Change password" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "/account/password");

  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password", { exact: true }).fill(NEW);
  await page.getByLabel("New password again").fill(NEW);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password.")).toBeVisible();

  await page.getByLabel("Current password").fill(OLD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-changed")).toContainText("sign in with the new password");

  // This session ended with the change.
  await page.goto("/today");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(OLD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, { email: EMAIL, password: NEW }, "/today");
  await expect(page.getByTestId("current-user")).toContainText("Paula Password");
});
