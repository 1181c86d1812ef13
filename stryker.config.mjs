// @ts-check
/**
 * StrykerJS over the code where a surviving mutant is a real risk. Not part of `npm test` (it takes
 * tens of minutes on two cores): `npm run test:mutation` runs scripts/mutation.mjs, which mutates one
 * module at a time against that module's own test files and prints the score per module.
 * The Vitest runner loads vitest.config.mts, so its globalSetup (embedded Postgres + migrated template)
 * serves the integration tests exactly as in `npm test`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.config.mts", related: false },
  // One runner: each starts its own embedded Postgres, and the machine has two cores.
  concurrency: 1,
  coverageAnalysis: "perTest",
  reporters: ["clear-text", "json", "progress-append-only"],
  // scripts/mutation.mjs names one report per module.
  jsonReporter: { fileName: process.env.STRYKER_JSON_REPORT ?? "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  ignoreStatic: true,
  // Stryker would prefix every sandbox file with "// @ts-nocheck"; Vitest does not type-check anyway, and
  // test/idor.integration.test.ts reads app/ files that must start with "use server".
  disableTypeChecks: false,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  thresholds: { high: 90, low: 80, break: null },
  // Stryker rewrites tsconfig "extends"/"references" with the TypeScript 5 API, which TypeScript 7 (tsgo) no
  // longer has; ours has neither, so point it at a file that does not exist and skip that step.
  tsconfigFile: "stryker-skips-tsconfig-rewrite.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  ignorePatterns: [
    "e2e",
    "bench",
    ".next",
    ".data",
    ".ci-out",
    "reports",
    "test-results",
    "playwright-report",
    "public",
  ],
};
