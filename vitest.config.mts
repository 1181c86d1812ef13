import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // The marker package throws outside React Server Components; tests run server code directly.
      "server-only": fileURLToPath(new URL("./test/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    include: ["{lib,db,app,components,test}/**/*.test.ts"],
    environment: "node",
    // Test receivers, feed servers and the simulator listen on 127.0.0.1, which outgoing calls refuse
    // unless allowed (lib/http/outbound-address.ts); the SSRF tests pass their own allow-lists.
    env: { OUTBOUND_ALLOW_PRIVATE_HOSTS: "127.0.0.0/8,::1,localhost" },
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each get their own database cloned from a migrated template.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
