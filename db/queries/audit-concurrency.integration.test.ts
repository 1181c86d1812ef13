import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { appendAudit, verifyAuditChain } from "./audit";

let h: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.drop());

// Found by the restore drill: code reveals appended outside a transaction, in parallel, forked the chain.
it("keeps one hash chain when entries are appended concurrently outside a transaction", async () => {
  await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      appendAudit(h.db, {
        actor: { id: null, label: "t" },
        action: "code.reveal",
        entityType: "customer",
        entityId: `c${i}`,
      }),
    ),
  );
  expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, checked: 12 });
});
