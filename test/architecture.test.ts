import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Imports flow one way: app → lib/access → (lib/nuki, db). components never touch the database,
 * lib/nuki knows nothing of the database or access windows, db knows nothing of Nuki.
 */
const RULES: { from: string; forbidden: string[] }[] = [
  { from: "components", forbidden: ["@/db", "@/lib/access", "@/lib/nuki"] },
  { from: "lib/nuki", forbidden: ["@/db", "@/lib/access", "@/app", "@/components", "next/"] },
  // The data layer selects and writes; authorization (assertCan, can) lives in lib/access and at the edges.
  {
    from: "db",
    forbidden: ["@/lib/access", "@/lib/nuki", "@/app", "@/components", "@/lib/errors", "@/lib/auth/permissions"],
  },
  { from: "lib/access", forbidden: ["@/app", "@/components"] },
];

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.ts$/.test(name)) yield p;
  }
}

describe("module boundaries", () => {
  for (const rule of RULES) {
    it(`${rule.from}/ imports none of ${rule.forbidden.join(", ")}`, () => {
      const offenders: string[] = [];
      let dirExists = true;
      try {
        statSync(rule.from);
      } catch {
        dirExists = false;
      }
      if (!dirExists) return;
      for (const file of sourceFiles(rule.from)) {
        // Type-only imports carry no code across the boundary; value imports and dynamic imports do.
        const source = readFileSync(file, "utf8").replace(/^import type [^;]+;$/gm, "");
        const imports = [...source.matchAll(/from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
          (m) => m[1] ?? m[2]!,
        );
        for (const spec of imports)
          if (rule.forbidden.some((f) => spec === f || spec.startsWith(f.endsWith("/") ? f : `${f}/`)))
            offenders.push(`${file} → ${spec}`);
      }
      expect(offenders).toEqual([]);
    });
  }
});
