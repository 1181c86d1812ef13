import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Imports flow one way: app → lib/access → (lib/nuki, db). components never touch the database,
 * lib/nuki knows nothing of the database or access windows, db knows nothing of Nuki and does not
 * authorize. The simulator is reachable only from its own folder, tests, benchmarks, `npm run sim`
 * and the demo wiring (lib/runtime/demo, itself loaded only by a dynamic import behind the demo-mode
 * check). `npm run worker` goes through lib/runtime only.
 *
 * Every import form counts: `import`, `import type`, `export … from`, side-effect imports and
 * `import()`; relative paths are resolved, so `../nuki/sim/x` is caught like `@/lib/nuki/sim/x`.
 */
const ROOT = path.resolve(__dirname, "..");

type Import = { file: string; target: string; typeOnly: boolean; dynamic: boolean };

/** Folders a rule guards: a rule whose folder is gone would pass vacuously, so a missing one fails. */
type Rule = {
  from: string;
  /** Forbidden even as type-only imports. */
  forbidden: string[];
  /** Forbidden as value imports; types carry no code across the boundary. */
  forbiddenValues?: string[];
  /** Files not yet migrated by their owner (say who and why next to the entry). */
  pending?: string[];
};

const RULES: Rule[] = [
  {
    from: "components",
    forbidden: ["@/db"],
    forbiddenValues: ["@/lib/access", "@/lib/nuki", "@/lib/runtime"],
  },
  { from: "lib/nuki", forbidden: ["@/db", "@/lib/access", "@/lib/runtime", "@/app", "@/components", "next"] },
  {
    from: "db",
    forbidden: ["@/lib/access", "@/lib/nuki", "@/lib/runtime", "@/app", "@/components"],
    // The data layer selects and writes; authorization (assertCan, can) lives in lib/access and at
    // the edges. The Actor type may still describe who wrote an audit entry.
    forbiddenValues: ["@/lib/errors", "@/lib/auth/permissions"],
  },
  // The domain receives its context (lib/access/context.ts); it never builds it, nor knows the fake Nuki.
  { from: "lib/access", forbidden: ["@/app", "@/components", "@/lib/runtime", "@/lib/nuki/sim"] },
];

/** Who may import the simulator (path prefixes, relative to the root). Tests may, anywhere. */
const SIMULATOR = "@/lib/nuki/sim";
const SIMULATOR_ALLOWED = ["lib/nuki/sim/", "test/", "bench/", "scripts/sim.ts", "lib/runtime/demo/"];
/** The demo wiring: imported statically only from itself, `npm run sim`, tests and benchmarks. */
const DEMO_WIRING = "@/lib/runtime/demo";
const DEMO_STATIC_ALLOWED = ["lib/runtime/demo/", "scripts/sim.ts", "test/", "bench/"];

const SCANNED = ["app", "components", "lib", "db", "scripts", "bench", "test", "e2e", "instrumentation.ts", "proxy.ts"];

function* sourceFiles(rel: string): Generator<string> {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return;
  if (!statSync(abs).isDirectory()) {
    if (/\.(ts|tsx|mts|mjs)$/.test(rel)) yield rel;
    return;
  }
  for (const name of readdirSync(abs)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    yield* sourceFiles(path.join(rel, name));
  }
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/** `@/x/y` for anything inside the project, the bare specifier for packages. */
function normalise(file: string, spec: string): string {
  if (!spec.startsWith(".")) return spec;
  const abs = path.resolve(path.dirname(path.join(ROOT, file)), spec);
  return `@/${path.relative(ROOT, abs).split(path.sep).join("/")}`;
}

function importsOf(file: string, source: string): Import[] {
  const out: Import[] = [];
  // Whole statements (they may span lines): import … from "x", export … from "x", import "x".
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;]*?\sfrom\s+)?["']([^"'\n]+)["']/g;
  for (const m of source.matchAll(statement)) {
    if (m[1] === "export" && !m[3]) continue; // `export "x"` is not a thing; guards odd matches
    out.push({ file, target: normalise(file, m[4]!), typeOnly: Boolean(m[2]), dynamic: false });
  }
  for (const m of source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g))
    out.push({ file, target: normalise(file, m[1]!), typeOnly: false, dynamic: true });
  return out;
}

const under = (target: string, prefix: string) =>
  target === prefix || target.startsWith(`${prefix}/`) || target.startsWith(`${prefix}.`);
const fileUnder = (file: string, allowed: string[]) =>
  allowed.some((a) => (a.endsWith("/") ? file.startsWith(a) : file === a));

const allImports = (roots: string[]) =>
  roots.flatMap((r) => [...sourceFiles(r)].flatMap((f) => importsOf(f, readFileSync(path.join(ROOT, f), "utf8"))));

describe("module boundaries", () => {
  for (const rule of RULES) {
    it(`${rule.from}/ imports none of ${rule.forbidden.join(", ")}${rule.forbiddenValues ? ` (values: ${rule.forbiddenValues.join(", ")})` : ""}`, () => {
      expect(existsSync(path.join(ROOT, rule.from)), `guarded folder ${rule.from}/ is missing`).toBe(true);
      const files = [...sourceFiles(rule.from)].filter((f) => !isTest(f));
      expect(files.length, `guarded folder ${rule.from}/ holds no source files`).toBeGreaterThan(0);
      const offenders: string[] = [];
      for (const imp of allImports([rule.from]).filter((i) => !isTest(i.file))) {
        const hit =
          rule.forbidden.some((f) => under(imp.target, f)) ||
          (!imp.typeOnly && (rule.forbiddenValues ?? []).some((f) => under(imp.target, f)));
        if (hit && !rule.pending?.includes(imp.file)) offenders.push(`${imp.file} → ${imp.target}`);
      }
      expect(offenders).toEqual([]);
    });
    if (rule.pending)
      it(`${rule.from}/: files listed as pending still exist (drop the entry once migrated)`, () => {
        for (const file of rule.pending ?? []) expect(existsSync(path.join(ROOT, file)), file).toBe(true);
      });
  }

  it("only the simulator itself, tests, benchmarks, npm run sim and the demo wiring import lib/nuki/sim", () => {
    for (const p of SIMULATOR_ALLOWED) expect(existsSync(path.join(ROOT, p)), `${p} is missing`).toBe(true);
    const offenders = allImports(SCANNED)
      .filter((i) => under(i.target, SIMULATOR) && !isTest(i.file) && !fileUnder(i.file, SIMULATOR_ALLOWED))
      .map((i) => `${i.file} → ${i.target}`);
    expect(offenders).toEqual([]);
  });

  it("the demo wiring is loaded only by a dynamic import (production never loads the simulator)", () => {
    const imports = allImports(SCANNED).filter((i) => under(i.target, DEMO_WIRING));
    const offenders = imports
      .filter((i) => !i.dynamic && !i.typeOnly && !isTest(i.file) && !fileUnder(i.file, DEMO_STATIC_ALLOWED))
      .map((i) => `${i.file} → ${i.target}`);
    expect(offenders).toEqual([]);
    // …and the server runtime does load it that way, behind its isDemoMode() check.
    const server = readFileSync(path.join(ROOT, "lib/runtime/server.ts"), "utf8");
    expect(server).toMatch(/if \(isDemoMode\(\)\) \{\n(?:\s*\/\/.*\n)*\s*const .*= await import\("\.\/demo\//);
  });

  it("npm run worker starts and stops through lib/runtime only", () => {
    const file = "scripts/worker.ts";
    expect(existsSync(path.join(ROOT, file))).toBe(true);
    const targets = importsOf(file, readFileSync(path.join(ROOT, file), "utf8")).map((i) => i.target);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((t) => !under(t, "@/lib/runtime"))).toEqual([]);
  });

  it("instrumentation.ts starts the server through lib/runtime, never wiring the database or engine itself", () => {
    const imports = importsOf("instrumentation.ts", readFileSync(path.join(ROOT, "instrumentation.ts"), "utf8"));
    expect(imports.map((i) => i.target)).toContain("@/lib/runtime/server");
    const direct = imports.filter((i) => ["@/db", "@/lib/access", "@/lib/nuki"].some((f) => under(i.target, f)));
    expect(direct.map((i) => i.target)).toEqual([]);
  });
});

/** Server modules: what imports these (values) must say so with `import "server-only"`. */
const SERVER_ONLY_SCOPE = ["db", "lib/access", "lib/auth", "lib/runtime", "lib/mail"];
const SERVER_MARKERS = [
  "pg",
  "drizzle-orm",
  "node:crypto",
  "nodemailer",
  "next-auth",
  "next/headers",
  "@/db/client",
  "@/db/bootstrap",
  "@/db/queries",
  "@/lib/env",
];

describe("server modules", () => {
  it('carry import "server-only", so a client component importing one fails the build', () => {
    const missing: string[] = [];
    for (const dir of SERVER_ONLY_SCOPE) {
      expect(existsSync(path.join(ROOT, dir)), `${dir}/ is missing`).toBe(true);
      for (const file of [...sourceFiles(dir)].filter((f) => !isTest(f) && !f.startsWith("db/schema/"))) {
        const source = readFileSync(path.join(ROOT, file), "utf8");
        const server = importsOf(file, source).some(
          (i) => !i.typeOnly && SERVER_MARKERS.some((m) => under(i.target, m)),
        );
        if (server && !importsOf(file, source).some((i) => i.target === "server-only")) missing.push(file);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("the import scanner", () => {
  it("sees type imports, multi-line imports, re-exports, side-effect and dynamic imports, relative paths", () => {
    const src = [
      'import type { A } from "@/db/schema";',
      "import {\n  type B,\n  c,\n} from '../nuki/sim/server';",
      'export { d } from "./x";',
      'import "server-only";',
      'const m = await import("@/lib/runtime/demo/start-demo");',
    ].join("\n");
    expect(importsOf("lib/access/y.ts", src)).toEqual([
      { file: "lib/access/y.ts", target: "@/db/schema", typeOnly: true, dynamic: false },
      { file: "lib/access/y.ts", target: "@/lib/nuki/sim/server", typeOnly: false, dynamic: false },
      { file: "lib/access/y.ts", target: "@/lib/access/x", typeOnly: false, dynamic: false },
      { file: "lib/access/y.ts", target: "server-only", typeOnly: false, dynamic: false },
      { file: "lib/access/y.ts", target: "@/lib/runtime/demo/start-demo", typeOnly: false, dynamic: true },
    ]);
  });
});
