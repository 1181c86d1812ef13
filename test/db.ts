import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { connect, type DbHandle } from "@/db/client";
import { createDatabase, dropDatabase, TEMPLATE_DB } from "./database";

/** A fresh, migrated database for one test file; dropped by the returned cleanup. */
export async function createTestDatabase(): Promise<DbHandle & { drop: () => Promise<void> }> {
  const adminUrl = inject("adminDatabaseUrl");
  const name = `portier_test_${randomBytes(6).toString("hex")}`;
  const handle = connect(await createDatabase(adminUrl, name, TEMPLATE_DB), 10);
  return {
    ...handle,
    drop: async () => {
      await handle.pool.end();
      await dropDatabase(adminUrl, name);
    },
  };
}
