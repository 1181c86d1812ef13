import { expect, test } from "@playwright/test";
import { DESK, MANAGER, signIn } from "./helpers";
import { DEMO_CUSTOMER, expectNoSeriousA11yViolations } from "./pages";

test.describe.configure({ mode: "serial" });

// Excel's "CSV UTF-8" with a German locale: BOM, semicolons, CRLF, a quoted cell holding the delimiter.
const csv = (rows: string[]) => `\uFEFFName;E-Mail;Telefon;Gruppe;Zugang\r\n${rows.join("\r\n")}\r\n`;
const upload = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });

test("[IMPORT] the front desk previews a CSV, sees each row's problem, fixes it and imports", async ({ page }) => {
  await signIn(page, DESK);
  await page.goto("/customers");
  await page.getByRole("link", { name: "Import CSV" }).click();
  await expect(page.getByRole("heading", { name: "Import customers" })).toBeVisible();

  // A file with a bad row: the preview opens on it, and nothing can be imported.
  await page
    .getByLabel("CSV file")
    .setInputFiles(
      upload(
        "broken.csv",
        csv([
          '"Imported, Ida";ida.import@example.com;+49 30 111;Studio Z;invite',
          "Bad Email;not-an-email;;;",
          "Bad Email 2;also bad;;;",
        ]),
      ),
    );
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByTestId("import-totals")).toHaveText("3 rows: 1 new, 0 to update, 0 unchanged, 2 with errors.");
  await expect(page.getByTestId("import-preview")).toContainText("That is not a valid email address");
  await expect(page.getByRole("button", { name: /^Import \d+ customer/ })).toBeDisabled();

  // The fixed file: two new customers (a comma inside a quoted name).
  const ida = '"Imported, Ida";ida.import@example.com;+49 30 111;Studio Z;invite';
  const jon = "Jon Import;jon.import@example.com;;Studio Z;code";
  await page.getByLabel("CSV file").setInputFiles(upload("customers.csv", csv([ida, jon])));
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByTestId("import-totals")).toHaveText("2 rows: 2 new, 0 to update, 0 unchanged, 0 with errors.");
  await expect(page.getByTestId("import-preview")).toContainText("Imported, Ida");
  await page.getByRole("button", { name: "Import 2 customers" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 2 new, 0 updated, 0 unchanged.");

  // Again, with one phone changed and an email in capitals: matched by email, one update, nothing duplicated.
  await page
    .getByLabel("CSV file")
    .setInputFiles(
      upload(
        "customers-2.csv",
        csv([ida.replace("+49 30 111", "+49 30 222"), jon.replace("jon.import@", "JON.Import@")]),
      ),
    );
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByTestId("import-totals")).toHaveText("2 rows: 0 new, 1 to update, 1 unchanged, 0 with errors.");
  await expect(page.getByTestId("import-preview")).toContainText("phone: +49 30 111 → +49 30 222");
  await expectNoSeriousA11yViolations(page, "/customers/import (preview)");
  await page.screenshot({ path: "e2e/screenshots/customer-import.png", fullPage: true });
  await page.getByRole("button", { name: "Import 1 customer" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 0 new, 1 updated, 1 unchanged.");

  await page.goto("/customers?q=ida.import");
  await expect(page.getByTestId("customers-table")).toContainText("Imported, Ida");
  await expect(page.getByTestId("customers-table")).toContainText("Nuki app invite");
  // The export carries the page's filter and the import's own columns.
  const exported = await page.request.get("/api/customers/export?q=ida.import");
  expect(exported.headers()["content-type"]).toContain("text/csv");
  expect(await exported.text()).toBe(
    '"name","email","phone","group","credential"\r\n"Imported, Ida","ida.import@example.com","\'+49 30 222","Studio Z","app"\r\n',
  );
  const windows = await page.request.get(`/api/customers/windows-export?q=${encodeURIComponent(DEMO_CUSTOMER.email)}`);
  expect((await windows.text()).split("\r\n")[0]).toContain('"customer","email","door","site","zone","kind"');
});

test("[IMPORT] a manager cannot open the import page, and gets no import link", async ({ page }) => {
  await signIn(page, MANAGER);
  await page.goto("/customers");
  await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Import CSV" })).toHaveCount(0);
  await page.goto("/customers/import");
  await expect(page).toHaveURL(/\/forbidden$/);
});
