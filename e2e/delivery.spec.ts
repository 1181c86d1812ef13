import { expect, test } from "@playwright/test";
import { ADMIN, signIn, withAppDb } from "./helpers";

// A site's guest access message: the live preview follows every keystroke with values escaped as the
// delivery job escapes them, a placeholder typo is refused with its name, and the customer page
// states what guest delivery will do. The site's wording is put back at the end.
test("[DELIVERY] an admin edits a site's guest message with a live preview; the customer page states the message's status", async ({
  page,
}) => {
  const [site] = await withAppDb((c) => c.query<{ id: string }>("select id from sites order by name limit 1")).then(
    (r) => r.rows,
  );
  await signIn(page, ADMIN);
  await page.goto(`/sites/${site!.id}`);
  const form = page.getByTestId("site-delivery");
  await form.getByLabel("Subject").fill("Welcome, {{guest_name}} <3");
  await expect(form.getByTestId("preview-subject")).toContainText("Welcome, Anna Adler <3");
  await form.getByLabel("HTML").fill("<p>Dear <b>{{guest_name}}</b>: {{how_to_open}}</p>");
  await expect(form.frameLocator("iframe").locator("b")).toHaveText("Anna Adler");
  await expect(form.frameLocator("iframe").locator("p")).toContainText("123456");
  await form.getByLabel("Subject").fill("Welcome, {{gest_name}}");
  await form.getByRole("button", { name: "Save message" }).click();
  await expect(form.getByText("{{gest_name}} is not a placeholder")).toBeVisible();
  await form.getByLabel("Subject").fill("Welcome, {{guest_name}}");
  await form.getByRole("button", { name: "Save message" }).click();
  await expect(form.getByText("Saved.")).toBeVisible();
  await withAppDb((c) =>
    c.query("update sites set message_subject = null, message_html = null where id = $1", [site!.id]),
  );

  const [customer] = await withAppDb((c) =>
    c.query<{ id: string }>("select id from customers order by name limit 1"),
  ).then((r) => r.rows);
  await page.goto(`/customers/${customer!.id}`);
  await expect(page.getByTestId("access-message")).toContainText("Access message:");
});
