import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listCustomers } from "@/lib/access/directory/customers";
import { listDoors } from "@/lib/access/directory/doors";
import { listSites } from "@/lib/access/sites/site-directory";
import { takesNewWindows } from "@/lib/model/door-scheduling";
import { BulkAssignForm } from "@/components/calendar/bulk-assign-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";

export const metadata = { title: "Bulk assign · Portier" };

/** One site at a time (`?site=`, default the first with doors): one window's times mean one wall clock. */
export default async function BulkAssignPage({ searchParams }: { searchParams: Promise<{ site?: string }> }) {
  const actor = await requirePageActor("access.write", "/calendar/bulk");
  const db = await getDb();
  const { site: asked } = await searchParams;
  const sites = await listSites(db, { actor });
  const site = sites.find((s) => s.id === asked) ?? sites.find((s) => s.doorCount > 0) ?? sites[0] ?? null;
  const [customers, doors] = await Promise.all([
    listCustomers(db, { actor }),
    listDoors(db, { actor, siteId: site?.id }),
  ]);
  return (
    <>
      <PageHeader
        title="Bulk assign"
        description="Give a group of customers the same window on a group of doors. Nuki gets one call per customer for all doors."
      />
      {sites.length > 1 ? (
        <nav aria-label="Site" className="mb-4 flex flex-wrap gap-2 text-sm" data-testid="bulk-sites">
          {sites.map((s) => (
            <Link
              key={s.id}
              href={`/calendar/bulk?site=${s.id}`}
              aria-current={s.id === site?.id ? "page" : undefined}
              className={s.id === site?.id ? "btn-primary" : "btn-secondary"}
            >
              {s.name} ({s.timeZone})
            </Link>
          ))}
        </nav>
      ) : null}
      <BulkAssignForm
        key={site?.id ?? "all"}
        customers={customers.map((c) => ({ id: c.id, name: c.name, email: c.email, groupName: c.groupName }))}
        doors={doors
          .filter(takesNewWindows)
          .map((d) => ({ id: d.id, name: d.name, groupName: d.groupName, online: d.online }))}
        timeZone={site?.timeZone ?? doors[0]?.timeZone ?? "UTC"}
      />
    </>
  );
}
