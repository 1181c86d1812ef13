import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/bootstrap";
import { sampleValues } from "@/lib/access/delivery/sample-values";
import { siteDeliveryFormValues } from "@/lib/access/sites/site-delivery";
import { siteEditor } from "@/lib/access/sites/site-directory";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatMinutes } from "@/lib/model/daily-time";
import { zoneAbbreviation } from "@/lib/time/format-zoned";
import { DoorGroupsEditor } from "@/components/sites/door-groups-editor";
import { DoorPlacement } from "@/components/sites/door-placement";
import { SiteDeliveryForm } from "@/components/sites/site-delivery-form";
import { SiteFormButton } from "@/components/sites/site-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Site · Portier" };

export default async function SitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor("doors.read", `/sites/${id}`);
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const view = await siteEditor(await getDb(), { actor, siteId: id });
  if (!view) notFound();
  const { site, groups, doors, sites } = view;
  const canWrite = can(actor.role, "doors.write");
  return (
    <>
      <PageHeader
        title={site.name}
        description={`${site.timeZone} (${zoneAbbreviation(Date.now(), site.timeZone)}) · check-in ${formatMinutes(site.checkInMinutes)}, check-out ${formatMinutes(site.checkOutMinutes)} · ${doors.length} door${doors.length === 1 ? "" : "s"}`}
        actions={
          <>
            <Link className="btn-secondary" href={`/calendar?site=${site.id}`}>
              Open in calendar
            </Link>
            {canWrite ? (
              <SiteFormButton
                label="Edit site"
                existing={{
                  id: site.id,
                  version: site.version,
                  doorCount: doors.length,
                  name: site.name,
                  timeZone: site.timeZone,
                  checkIn: formatMinutes(site.checkInMinutes),
                  checkOut: formatMinutes(site.checkOutMinutes),
                }}
              />
            ) : null}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {doors.length ? (
            <DoorPlacement
              testId="site-doors"
              doors={doors}
              sites={sites}
              groups={groups}
              currentSite={site}
              canWrite={canWrite}
            />
          ) : (
            <EmptyState title="No doors in this site">
              Assign doors on the <Link href="/sites">Sites</Link> page, or move them here from another site.
            </EmptyState>
          )}
        </div>
        {canWrite ? (
          <DoorGroupsEditor
            siteId={site.id}
            siteVersion={site.version}
            groups={groups.map((g) => ({ ...g, doorCount: doors.filter((d) => d.groupId === g.id).length }))}
          />
        ) : (
          <section className="card p-4 text-sm">
            <h2 className="mb-2 font-semibold">Door groups</h2>
            <ul>
              {groups.map((g) => (
                <li key={g.id}>{g.name}</li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <div className="mt-4">
        <SiteDeliveryForm
          key={site.version}
          siteId={site.id}
          version={site.version}
          initial={siteDeliveryFormValues(site)}
          sample={sampleValues(
            site,
            doors.map((d) => d.name),
          )}
          canWrite={canWrite}
        />
      </div>
    </>
  );
}
