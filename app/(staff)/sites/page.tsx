import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listDoorsAwaitingSite, listSites } from "@/lib/access/sites/site-directory";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatMinutes } from "@/lib/model/daily-time";
import { zoneAbbreviation } from "@/lib/time/format-zoned";
import { DoorPlacement } from "@/components/sites/door-placement";
import { SiteFormButton } from "@/components/sites/site-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Sites · Portier" };

export default async function SitesPage() {
  const actor = await requirePageActor("doors.read", "/sites");
  const db = await getDb();
  const [sites, awaiting] = await Promise.all([listSites(db, { actor }), listDoorsAwaitingSite(db, { actor })]);
  const canWrite = can(actor.role, "doors.write");
  const now = Date.now();
  return (
    <>
      <PageHeader
        title="Sites"
        description="A site is one building with one wall clock: its doors are scheduled in its time zone."
        actions={canWrite ? <SiteFormButton label="New site" /> : null}
      />
      {awaiting.length ? (
        <section className="mb-6" aria-labelledby="awaiting-h">
          <h2 id="awaiting-h" className="mb-1 font-semibold">
            Doors awaiting a site <span className="text-slate-600">({awaiting.length})</span>
          </h2>
          <p className="mb-2 text-sm text-slate-600">
            Imported from Nuki; nobody can be given access to them until they belong to a site (its clock decides when
            windows open).
          </p>
          {canWrite && !sites.length ? <p className="mb-2 text-sm text-amber-800">Create a site first.</p> : null}
          <DoorPlacement
            testId="awaiting-doors"
            doors={awaiting}
            sites={sites}
            groups={[]}
            currentSite={null}
            canWrite={canWrite}
          />
        </section>
      ) : null}
      {sites.length === 0 ? (
        <EmptyState title="No sites yet">Create the first site with its time zone, then assign its doors.</EmptyState>
      ) : (
        // relative: the visually hidden "Edit" header is positioned; without a containing block here it
        // would widen the whole page on a phone instead of scrolling inside the card.
        <div className="card relative overflow-x-auto">
          <table className="table" data-testid="sites-table">
            <thead>
              <tr>
                <th>Site</th>
                <th>Time zone</th>
                <th>Check-in</th>
                <th>Check-out</th>
                <th>Doors</th>
                {canWrite ? <th className="sr-only">Edit</th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {sites.map((s) => (
                <tr key={s.id}>
                  <td className="font-medium text-slate-900">
                    <Link className="hover:underline" href={`/sites/${s.id}`}>
                      {s.name}
                    </Link>
                  </td>
                  <td>
                    {s.timeZone} <span className="text-slate-500">({zoneAbbreviation(now, s.timeZone)})</span>
                  </td>
                  <td>{formatMinutes(s.checkInMinutes)}</td>
                  <td>{formatMinutes(s.checkOutMinutes)}</td>
                  <td>{s.doorCount}</td>
                  {canWrite ? (
                    <td className="text-right">
                      <SiteFormButton
                        label="Edit"
                        existing={{
                          id: s.id,
                          version: s.version,
                          doorCount: s.doorCount,
                          name: s.name,
                          timeZone: s.timeZone,
                          checkIn: formatMinutes(s.checkInMinutes),
                          checkOut: formatMinutes(s.checkOutMinutes),
                        }}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
