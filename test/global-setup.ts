import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { connect } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { createDatabase, dropDatabase } from "./database";
import { TEMPLATE_DB } from "./database";
import { freePort } from "./free-port";

/**
 * One Postgres for the whole run: TEST_DATABASE_URL / DATABASE_URL when given (CI points it at the
 * machine's server), else an embedded server in a temp dir. A migrated template database is built
 * once; every integration file clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds.
 */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), "portier-vitest-"));
    const { chmodSync } = await import("node:fs");
    chmodSync(dir, 0o755);
    // Any free port, so two test runs on one machine never collide. A server that fails to start
    // must not leave its temp dir behind either.
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, "pg"),
      port: Number(process.env.TEST_PG_PORT ?? (await freePort())),
    }).catch((error) => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      throw error;
    });
    adminUrl = pg.url;
    stop = pg.stop;
  }
  await dropDatabase(adminUrl, TEMPLATE_DB);
  const handle = connect(await createDatabase(adminUrl, TEMPLATE_DB), 1);
  await runMigrations(handle.db);
  await handle.pool.end();
  project.provide("adminDatabaseUrl", adminUrl);
  return async () => {
    await stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
