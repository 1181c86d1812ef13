import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { inject } from "vitest";
import { connect, type DbHandle } from "@/db/client";

const TEMPLATE_DB = "portier_test_template";

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, migrated database for one test file; dropped by the returned cleanup. */
export async function createTestDatabase(): Promise<DbHandle & { drop: () => Promise<void> }> {
  const adminUrl = inject("adminDatabaseUrl");
  const name = `portier_test_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const handle = connect(withDatabase(adminUrl, name), 10);
  return {
    ...handle,
    drop: async () => {
      await handle.pool.end();
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
