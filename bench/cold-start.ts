// Cold start: spawn → first signed-in dashboard page, fresh data dir (initdb + migrate + seed) and
// warm data dir (restart). Baseline in the same run: a bare Node HTTP server's spawn → first response.
// Memory: RSS of the server tree after start and after 300 signed-in page loads.
// Needs a build (`npx next build`). Run: npx tsx --conditions=react-server bench/cold-start.ts [runs]
import { mkdtempSync, chmodSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { startProcess, stopProcess, summary, treeRssMiB, waitForHttp } from "./lib";

const RUNS = Number(process.argv[2] ?? 5);
const PORT = 3190;
const base = `http://127.0.0.1:${PORT}`;

async function baselineOnce(): Promise<number> {
  const start = performance.now();
  const child = startProcess(
    process.execPath,
    ["-e", `require("http").createServer((q,s)=>s.end("ok")).listen(${PORT})`],
    {},
  );
  await waitForHttp(base);
  const t = performance.now() - start;
  await stopProcess(child);
  return t;
}

async function appOnce(dataDir: string, browser: import("@playwright/test").Browser) {
  const start = performance.now();
  const child = startProcess("node_modules/.bin/next", ["start", "-p", String(PORT)], {
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: "54389",
    SIM_PORT: "4190",
    AUTH_SECRET: "bench-secret-0123456789-0123456789-abcdef",
  });
  const page = await browser.newPage();
  await waitForHttp(`${base}/login`);
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill("desk@portier.test");
  await page.getByLabel("Password").fill("portier-desk");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/calendar$/);
  const t = performance.now() - start;
  return { t, child, page };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const baseline: number[] = [];
  const fresh: number[] = [];
  const warm: number[] = [];
  const root = mkdtempSync(path.join(os.tmpdir(), "portier-bench-"));
  chmodSync(root, 0o755);
  for (let i = 0; i < RUNS; i++) {
    baseline.push(await baselineOnce());
    const dir = path.join(root, `run${i}`);
    const a = await appOnce(dir, browser);
    fresh.push(a.t);
    await a.page.close();
    await stopProcess(a.child);
    const b = await appOnce(dir, browser);
    warm.push(b.t);
    if (i === RUNS - 1) {
      const afterStart = treeRssMiB(b.child.pid!);
      for (let k = 0; k < 300; k++) await b.page.goto(`${base}/${["customers", "doors", "calendar"][k % 3]}`);
      const afterLoad = treeRssMiB(b.child.pid!);
      console.log(
        `memory after start: next-server ${afterStart.self.toFixed(0)} MiB, with embedded Postgres ${afterStart.tree.toFixed(0)} MiB`,
      );
      console.log(
        `memory after 300 page loads: next-server ${afterLoad.self.toFixed(0)} MiB, with embedded Postgres ${afterLoad.tree.toFixed(0)} MiB`,
      );
    }
    await b.page.close();
    await stopProcess(b.child);
  }
  summary("baseline: bare node http spawn→200", baseline);
  summary("cold start, fresh data (initdb+seed)→signed in", fresh, baseline);
  summary("cold start, existing data→signed in", warm, baseline);
  await browser.close();
  rmSync(root, { recursive: true, force: true });
}
void main();
