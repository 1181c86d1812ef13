import { expect, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@portier.test", password: "portier-admin" };
export const MANAGER = { email: "manager@portier.test", password: "portier-manager" };
export const DESK = { email: "desk@portier.test", password: "portier-desk" };
export const CUSTOMER_PASSWORD = "portier-customer";

export async function signIn(page: Page, who: { email: string; password: string }, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * Signs out and waits until the sign-in page is there. Going straight to /login after the click
 * races the sign-out itself: a GET that reaches the server before the session version is bumped
 * still carries a valid session, and /login sends a signed-in visitor on to /calendar (no Email
 * field; the next signIn then waits out the test's whole minute).
 */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email")).toBeVisible();
}

import path from "node:path";
import { Client } from "pg";
import { embeddedDatabaseUrl } from "../db/embedded-password";

/** Direct SQL against the app's database, for arranging what the UI cannot (e.g. disabling a user). */
export async function withAppDb<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  // The embedded server's password is generated into its data dir (playwright.config.ts shares the dir).
  const url =
    process.env.DATABASE_URL ??
    embeddedDatabaseUrl(path.join(process.env.E2E_DATA_DIR ?? "", "pg"), Number(process.env.E2E_PG_PORT ?? "54339"));
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The keyboard path: "New window", pick a customer and door, type the times (building wall clock). */
export async function createWindowViaDialog(
  page: Page,
  w: { customer: string; door: string; day: string; from: string; until: string },
) {
  await page.getByRole("button", { name: "New window" }).click();
  const dialog = page.getByTestId("window-dialog");
  await dialog.getByPlaceholder("Search name or email").fill(w.customer);
  await dialog.getByRole("listbox", { name: "Customer" }).selectOption({ index: 0 });
  await dialog.getByRole("group", { name: "Doors" }).getByRole("checkbox", { name: w.door, exact: true }).check();
  await dialog.getByLabel("From").fill(`${w.day}T${w.from}`);
  await dialog.getByLabel("Until").fill(`${w.day}T${w.until}`);
  await dialog.getByRole("button", { name: "Save window" }).click();
  await expect(dialog).toBeHidden();
}
