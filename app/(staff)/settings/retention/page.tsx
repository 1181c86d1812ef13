import { getDb } from "@/db/bootstrap";
import { getRetentionSettings } from "@/lib/access/retention/retention-settings";
import { requirePageActor } from "@/lib/auth/session";
import { RetentionForm } from "@/components/settings/retention-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Data retention · Portier" };

export default async function RetentionPage() {
  const actor = await requirePageActor("settings.admin", "/settings/retention");
  const { periods, updatedAt, lastRun } = await getRetentionSettings(await getDb(), actor);
  const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  // Expired rotation secrets are cleared, not rows deleted: not part of the count.
  const deleted = lastRun?.deleted
    ? Object.entries(lastRun.deleted)
        .filter(([k]) => k !== "expiredWebhookSecrets")
        .reduce((a, [, n]) => a + n, 0)
    : null;
  return (
    <>
      <PageHeader
        title="Data retention"
        description="How long Portier keeps data that grows every day. Older rows are deleted once an hour. The audit log is always kept in full; webhook deliveries not yet applied or not yet sent, email not yet sent and bulk jobs still running are never deleted."
      />
      <div className="card max-w-xl p-6">
        <RetentionForm periods={periods} />
        {updatedAt ? <p className="mt-4 text-xs text-slate-500">Last changed {utc(updatedAt)}.</p> : null}
        <p className="mt-1 text-xs text-slate-500" data-testid="retention-last-run">
          {lastRun
            ? `Last pruned ${utc(lastRun.at)}${deleted === null ? "" : `: ${deleted} rows deleted`}.`
            : "Not pruned yet: the job runs soon after the app starts, then hourly."}
        </p>
      </div>
    </>
  );
}
