import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The reconciler and the webhook receiver both record what Nuki says through
 * lib/access/observations; neither imports the other (issue 9: no folder cycle). Tests may drive both.
 */
const importsOf = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .flatMap((f) =>
      [
        ...readFileSync(path.join(dir, f), "utf8").matchAll(
          /from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
        ),
      ].map((m) => `${f} → ${m[1] ?? m[2]}`),
    );

describe("lib/access folder cycle", () => {
  for (const [from, to] of [
    ["reconciler", "webhooks"],
    ["webhooks", "reconciler"],
    ["observations", "reconciler"],
    ["observations", "webhooks"],
  ] as const) {
    it(`lib/access/${from} imports nothing from lib/access/${to}`, () => {
      const offenders = importsOf(`lib/access/${from}`).filter((i) =>
        new RegExp(`(\\.\\./${to}/|@/lib/access/${to}/)`).test(i),
      );
      expect(offenders).toEqual([]);
    });
  }
});
