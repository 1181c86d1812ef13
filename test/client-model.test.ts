import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.ts$/.test(name)) yield p;
  }
}
const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => m[1] ?? m[2]!,
  );

/**
 * lib/model is what the browser and the server share (window spec, weekdays, sync states, roles):
 * it must stay free of database, server and Next code, or a component importing it drags them into
 * the client bundle. Components take their domain words and types from there, never from the schema.
 */
describe("the client-safe model", () => {
  it("lib/model imports only zod, lib/time and itself", () => {
    statSync("lib/model"); // fails if the folder is gone
    const offenders: string[] = [];
    for (const file of sourceFiles("lib/model"))
      for (const spec of importsOf(file))
        if (
          !(
            spec === "zod" ||
            spec.startsWith("./") ||
            spec.startsWith("@/lib/time/") ||
            spec.startsWith("@/lib/model/")
          )
        )
          offenders.push(`${file} → ${spec}`);
    expect(offenders).toEqual([]);
  });

  it("components import nothing from @/db, not even types", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles("components"))
      for (const spec of importsOf(file))
        if (spec === "@/db" || spec.startsWith("@/db/")) offenders.push(`${file} → ${spec}`);
    expect(offenders).toEqual([]);
  });

  it("the calendar does not copy the weekday bits or the midnight rule", () => {
    for (const file of sourceFiles("components/calendar")) {
      const src = readFileSync(file, "utf8");
      expect(src, file).not.toMatch(/\["Mon",\s*64\]|64\s*>>|=== "00:00"\s*\?\s*1440/);
    }
  });
});
