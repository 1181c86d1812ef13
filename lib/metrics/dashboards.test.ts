import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { metrics } from "./registry";

/** The shipped dashboard and alert rules may only name metrics the app really exports. */
const names = (text: string) => [...new Set(text.match(/portier_[a-z_]+/g) ?? [])];
const base = (n: string) => n.replace(/_(bucket|sum|count)$/, "");

describe("ops dashboards and alerts", () => {
  const exported = new Set(
    metrics()
      .registry.getMetricsAsArray()
      .map((m) => m.name),
  );
  for (const file of ["grafana-dashboard.json", "alert-rules.yml"]) {
    it(`${file} names only exported metrics`, () => {
      const text = readFileSync(path.join(process.cwd(), "docs", "ops", file), "utf8");
      if (file.endsWith(".json")) JSON.parse(text);
      const used = names(text).filter((n) => n !== "portier_ops" && !n.startsWith("portier_process"));
      expect(used.length).toBeGreaterThanOrEqual(3);
      expect(used.filter((n) => !exported.has(base(n)))).toEqual([]);
    });
  }
});
