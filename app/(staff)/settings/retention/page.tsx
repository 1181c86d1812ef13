import { getDb } from "@/db/bootstrap";
import { getRetentionSettings } from "@/lib/access/retention/retention-settings";
import { requirePageActor } from "@/lib/auth/session";
import { RetentionForm } from "@/components/settings/retention-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Data retention · Portier" };

export default async function RetentionPage() {
  const actor = await requirePageActor("settings.admin", "/settings/retention");
  const { periods, updatedAt } = await getRetentionSettings(await getDb(), actor);
  return (
    <>
      <PageHeader
        title="Data retention"
        description="How long Portier keeps data that grows every day. Older rows are deleted once an hour. The audit log is always kept in full; webhook deliveries not yet applied and email not yet sent are never deleted."
      />
      <div className="card max-w-xl p-6">
        <RetentionForm periods={periods} />
        {updatedAt ? (
          <p className="mt-4 text-xs text-slate-500">Last changed {updatedAt.toISOString().slice(0, 16)} UTC.</p>
        ) : null}
      </div>
    </>
  );
}
