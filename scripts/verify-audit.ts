// `npm run audit:verify`: recomputes the audit hash chain and exits 1 at the first edited or missing row.
import { getDbHandle } from "@/db/bootstrap";
import { verifyAuditChain } from "@/db/queries/audit";

process.env.DEMO_SEED ??= "off";
async function main() {
  const handle = await getDbHandle();
  const report = await verifyAuditChain(handle.db);
  console.log(
    report.ok
      ? `audit chain intact: ${report.checked} entries verified`
      : `audit chain BROKEN at entry ${report.firstBadId}: ${report.reason} (${report.checked} checked)`,
  );
  await handle.close();
  process.exit(report.ok ? 0 : 1);
}
void main();
