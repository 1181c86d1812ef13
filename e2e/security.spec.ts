import { expect, test, type APIResponse } from "@playwright/test";
import { randomBytes, scryptSync } from "node:crypto";
import { addDays, format } from "date-fns";
import { ADMIN, CUSTOMER_PASSWORD, createWindowViaDialog, DESK, signIn, withAppDb } from "./helpers";

/** Issue 14: what an attacker tried against a running server, tried again. */

function expectSecurityHeaders(res: APIResponse, what: string) {
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp, what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("no-referrer");
  expect(h["x-frame-options"], what).toBe("DENY");
  // Plain http in this test: HSTS would be meaningless (and is only sent over https).
  expect(h["strict-transport-security"], what).toBeUndefined();
  return csp;
}

test("[SEC] security headers on pages, link pages, redirects and API routes; nonces on Next's scripts", async ({
  request,
}) => {
  for (const path of [
    "/login",
    "/portal/login",
    "/portal/link?token=abcdefghijklmnopqrstuvwxyz",
    "/api/auth/session",
    "/api/calendar?from=2026-01-01&to=2026-01-02",
    "/api/ical/not-a-real-token-but-long-enough",
  ]) {
    expectSecurityHeaders(await request.get(path, { maxRedirects: 0 }), path);
  }
  const redirect = await request.get("/calendar", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expectSecurityHeaders(redirect, "redirect to sign-in");
  const webhook = await request.post("/api/webhooks/nuki", { data: "{}" });
  expectSecurityHeaders(webhook, "webhook");

  // Every script Next emits carries this response's nonce; two responses never share one.
  const page = await request.get("/login");
  const nonce = /'nonce-([^']+)'/.exec(expectSecurityHeaders(page, "login"))![1]!;
  const html = await page.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  const again = /'nonce-([^']+)'/.exec((await request.get("/login")).headers()["content-security-policy"]!)![1];
  expect(again).not.toBe(nonce);
});

test("[SEC] the calendar works under the CSP, with no violations, and cannot be framed", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await signIn(page, DESK);
  const day = format(addDays(new Date(), 5), "yyyy-MM-dd");
  await page.goto(`/calendar?view=day&date=${day}`);
  // Drawing a window exercises the dialog, the server action and the live status polling.
  await createWindowViaDialog(page, {
    customer: "Anna Adler",
    door: "Studio B (Studios)",
    day,
    from: "13:00",
    until: "15:00",
  });
  const event = page.locator('[data-customer="Anna Adler"]').first();
  await expect(event).toBeVisible();
  // react-big-calendar positions events with inline styles: they must apply (a 2-hour event is tall).
  const box = await event.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThan(30);
  await expect(page.locator('[data-customer="Anna Adler"] [data-sync-state]').first()).toHaveAttribute(
    "data-sync-state",
    "applied",
    { timeout: 15_000 },
  );
  expect(violations).toEqual([]);

  // A page of someone else's framing the calendar gets nothing.
  await page.setContent(`<iframe id="f" src="${new URL("/calendar", page.url()).href}"></iframe>`);
  const frame = page.frames().find((f) => f.url().includes("/calendar"));
  const framedText = frame ? await frame.evaluate(() => document.body?.textContent ?? "").catch(() => "") : "";
  expect(framedText).not.toContain("New window");
});

test("[SEC] Auth.js's own credentials endpoint is throttled and records attempts by socket address", async ({
  request,
}) => {
  const email = `throttle-${Date.now()}@portier.test`;
  const password = "a right password for throttling";
  // The stored format of lib/auth/password.ts (that module is server-only); an older cost is fine here.
  const salt = randomBytes(16);
  const hash = ["scrypt", 16384, 8, 1, salt.toString("base64"), scryptSync(password, salt, 32).toString("base64")].join(
    "$",
  );
  await withAppDb((c) =>
    c.query("insert into users (email, name, role, password_hash) values ($1, 'Throttle Test', 'staff', $2)", [
      email,
      hash,
    ]),
  );
  const attempt = async (pw: string, forged: string) => {
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    await request.post("/api/auth/callback/credentials", {
      form: { email, password: pw, csrfToken, callbackUrl: "/" },
      headers: { "x-forwarded-for": forged, "x-real-ip": forged },
      maxRedirects: 0,
    });
    return (await (await request.get("/api/auth/session")).json()) as { user?: unknown } | null;
  };
  for (let i = 0; i < 6; i++) expect(await attempt(`wrong ${i}`, `198.51.100.${i}`)).toBeNull();
  // The right password after the limit: refused, whatever address the request claims.
  expect(await attempt(password, "203.0.113.77")).toBeNull();
  const rows = await withAppDb(
    async (c) =>
      (await c.query("select ip, success from login_attempts where email = $1 order by at", [email])).rows as {
        ip: string;
        success: boolean;
      }[],
  );
  expect(rows.filter((r) => !r.success)).toHaveLength(5);
  // Recorded against the socket, never the forged headers.
  for (const r of rows) expect(r.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
});

test("[SEC] sign-out revokes the session token: a copy of the old cookie reads nothing", async ({ page, request }) => {
  await signIn(page, DESK);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith("authjs.session-token"))!;
  const withOldCookie = () =>
    request.get("/api/calendar?from=2026-01-01&to=2026-01-02", {
      headers: { cookie: `${session.name}=${session.value}` },
    });
  expect((await withOldCookie()).status()).toBe(200);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await withOldCookie()).status()).toBe(401);
});

test("[SEC] the webhook refuses unsigned bodies before reading them, and deep nesting without crashing", async ({
  request,
}) => {
  const big = "x".repeat(2 * 1024 * 1024);
  const unsigned = await request.post("/api/webhooks/nuki", { data: big, headers: { "content-type": "text/plain" } });
  expect(unsigned.status()).toBe(401);
  const tooBig = await request.post("/api/webhooks/nuki", {
    data: big,
    headers: { "content-type": "application/json", "x-nuki-signature-sha256": "a".repeat(64) },
  });
  expect(tooBig.status()).toBe(413);
  const deep = await request.post("/api/webhooks/nuki", {
    data: `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
    headers: { "content-type": "application/json", "x-nuki-signature-sha256": "a".repeat(64) },
  });
  expect(deep.status()).toBe(400);
});

test("[SEC] extreme dates are a 400 with words, not a 500", async ({ page }) => {
  await signIn(page, DESK);
  for (const path of [
    "/api/calendar?from=%2B275760-09-01T00:00:00Z&to=%2B275760-09-13T00:00:00Z",
    "/api/calendar?from=-271821-04-20T00:00:00Z&to=-271821-04-21T00:00:00Z",
    "/api/activity?from=-271821-04-20T00:00:00Z",
  ]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(400);
    expect((await res.json()).error, path).toMatch(/between the years 2000 and 2099/);
  }
  // The page with the same filter shows the page, not an error.
  expect((await page.goto("/activity?from=-271821-04-20T00:00:00Z"))?.status()).toBe(200);
});

test("[SEC] no page breaks under the CSP: every staff page, the portal and the sign-in pages render without a violation", async ({
  page,
  browser,
}) => {
  // Walks every page in the navigation and more: its time grows with the navigation.
  test.slow();
  const violations: string[] = [];
  const watch = (p: typeof page) =>
    p.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`${p.url()}: ${m.text()}`);
    });
  watch(page);
  for (const path of ["/login", "/portal/login", "/portal/link?token=abcdefghijklmnopqrstuvwxyz", "/forbidden"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  await signIn(page, ADMIN);
  const ids = await withAppDb(async (c) => ({
    customer: (await c.query("select id from customers order by name limit 1")).rows[0].id as string,
    door: (await c.query("select id from doors order by name limit 1")).rows[0].id as string,
  }));
  for (const path of [
    "/calendar",
    "/calendar?view=month",
    "/calendar?view=agenda",
    "/calendar/bulk",
    "/customers",
    `/customers/${ids.customer}`,
    "/doors",
    `/doors/${ids.door}`,
    "/activity",
    "/at-risk",
    "/audit",
    "/users",
    "/outbox",
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    await page.waitForLoadState("networkidle");
    await expect(page.getByTestId("current-user")).toBeVisible();
  }
  const customer = await browser.newContext();
  const portal = await customer.newPage();
  watch(portal);
  await signIn(portal, { email: "anna.adler.1@example.com", password: CUSTOMER_PASSWORD });
  await portal.goto("/portal");
  await portal.waitForLoadState("networkidle");
  await expect(portal.getByTestId("portal-name")).toContainText("Anna Adler");
  await customer.close();
  expect(violations).toEqual([]);
});
