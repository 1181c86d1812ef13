import { Suspense } from "react";
import { getDb } from "@/db/bootstrap";
import { listCustomers } from "@/lib/access/directory/customers";
import { timelineSites } from "@/lib/access/views/timeline-view";
import { DoorTimeline } from "@/components/timeline/door-timeline";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";

export const metadata = { title: "Timeline · Portier" };

/** The front desk's main view for many doors: doors as rows per site and group, time across. */
export default async function TimelinePage() {
  const actor = await requirePageActor("access.read", "/timeline");
  const db = await getDb();
  const [{ sites, defaultSiteId }, customers] = await Promise.all([
    timelineSites(db, actor),
    can(actor.role, "customers.read") ? listCustomers(db, { actor }) : [],
  ]);
  const canWrite = can(actor.role, "access.write");
  return (
    <>
      <PageHeader
        title="Door timeline"
        description={
          canWrite
            ? "Every door of a site as a row, time across: who may enter when, and whether each lock holds it."
            : "Read-only: every door of a site as a row, time across, and whether each lock holds its windows."
        }
      />
      {sites.length === 0 ? (
        <EmptyState title="No sites yet">Create a site and sort the building&apos;s doors into it first.</EmptyState>
      ) : (
        <Suspense fallback={<p className="text-sm text-slate-500">Loading timeline…</p>}>
          <DoorTimeline
            sites={sites}
            defaultSiteId={defaultSiteId}
            canWrite={canWrite}
            customers={customers.map((c) => ({ id: c.id, name: c.name, email: c.email, groupName: c.groupName }))}
          />
        </Suspense>
      )}
    </>
  );
}
