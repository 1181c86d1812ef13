import { expect, test } from "@playwright/test";

// The browser asks for these before anyone signs in: they must be served, not redirected to /login.
test("[ICONS] favicon, SVG and apple-touch icons and the web manifest are served and linked", async ({
  page,
  request,
}) => {
  const types: Record<string, RegExp> = {
    "/favicon.ico": /image\/(x-icon|vnd\.microsoft\.icon)/,
    "/icon.svg": /image\/svg\+xml/,
    "/apple-touch-icon.png": /image\/png/,
    "/manifest.webmanifest": /application\/manifest\+json|application\/json/,
  };
  for (const [path, type] of Object.entries(types)) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toMatch(type);
  }
  const manifest = await (await request.get("/manifest.webmanifest")).json();
  expect(manifest.name).toBe("Portier");
  for (const icon of manifest.icons as { src: string }[])
    expect((await request.get(icon.src, { maxRedirects: 0 })).status(), icon.src).toBe(200);

  await page.goto("/login");
  const head = page.locator("head");
  await expect(head.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
  await expect(head.locator('link[rel="icon"][href^="/icon.svg"]')).toHaveCount(1);
  await expect(head.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", /\/apple-touch-icon\.png/);
  await expect(head.locator('link[rel="manifest"]')).toHaveAttribute("href", /\/manifest\.webmanifest/);
});
