import { Suspense } from "react";
import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listCustomers } from "@/lib/access/directory/customers";
import { listDoors } from "@/lib/access/directory/doors";
import { listSites, siteOfCalendarLink } from "@/lib/access/sites/site-directory";
import { takesNewWindows } from "@/lib/model/door-scheduling";
import { AccessCalendar } from "@/components/calendar/access-calendar";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { buildingZone } from "@/lib/time/format-zoned";

export const metadata = { title: "Calendar · Portier" };

/**
 * One site at a time (`?site=`, default the first site), on that site's wall clock: a grid can show
 * only one clock, and Nuki enforces each door's times on its own lock's clock.
 */
type Params = Partial<Record<"site" | "window" | "doors" | "customer", string | string[]>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function CalendarPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePageActor("access.read", "/calendar");
  const db = await getDb();
  const q = await searchParams;
  const sites = await listSites(db, { actor });
  const asked =
    one(q.site) ??
    (await siteOfCalendarLink(db, {
      actor,
      windowId: one(q.window),
      doorId: one(q.doors)?.split(",")[0],
      customerId: one(q.customer),
    }));
  const site = sites.find((s) => s.id === asked) ?? sites.find((s) => s.doorCount > 0) ?? sites[0] ?? null;
  const [doors, customers] = await Promise.all([
    // No site at all (nothing set up yet): every door, on the building's most common zone as before.
    listDoors(db, { actor, siteId: site?.id }),
    can(actor.role, "customers.read") ? listCustomers(db, { actor }) : [],
  ]);
  const canWrite = can(actor.role, "access.write");
  return (
    <>
      <PageHeader
        title="Access calendar"
        description={
          canWrite
            ? "Drag on empty space to give a customer a window; drag a window to move it, its edges to resize it."
            : "Read-only: who may enter which door when, and whether each lock holds it."
        }
        actions={
          canWrite ? (
            <Link className="btn-secondary" href="/calendar/bulk">
              Bulk assign…
            </Link>
          ) : null
        }
      />
      {doors.length === 0 ? (
        <EmptyState title={site ? `No doors in ${site.name} yet` : "No doors yet"}>
          {site ? (
            <>
              Assign doors to this site on the <Link href="/sites">Sites</Link> page
              {sites.some((s) => s.doorCount > 0) ? ", or open " : "."}
              {sites
                .filter((s) => s.doorCount > 0)
                .map((s, i) => (
                  <span key={s.id}>
                    {i > 0 ? ", " : ""}
                    <Link className="underline" href={`/calendar?site=${s.id}`}>
                      {s.name}
                    </Link>
                  </span>
                ))}
            </>
          ) : (
            "Import the building's Nuki locks first."
          )}
        </EmptyState>
      ) : (
        <Suspense fallback={<p className="text-sm text-slate-500">Loading calendar…</p>}>
          <AccessCalendar
            key={site?.id ?? "all"}
            canWrite={canWrite}
            timeZone={site?.timeZone ?? buildingZone(doors.map((d) => d.timeZone))}
            sites={sites.map((s) => ({ id: s.id, name: s.name, timeZone: s.timeZone }))}
            siteId={site?.id ?? null}
            doors={doors.map((d) => ({
              id: d.id,
              name: d.name,
              groupName: d.groupName,
              online: d.online,
              takesNewWindows: takesNewWindows(d),
            }))}
            stay={site ? { checkInMinutes: site.checkInMinutes, checkOutMinutes: site.checkOutMinutes } : null}
            customers={customers.map((c) => ({ id: c.id, name: c.name, email: c.email, groupName: c.groupName }))}
          />
        </Suspense>
      )}
    </>
  );
}
