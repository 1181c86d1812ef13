import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import type { Door } from "@/db/schema";
import { listDoors } from "@/lib/access/directory/doors";
import { lastLockSync } from "@/lib/access/locks/sync-locks";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { deviceTypeName, keypadUnavailableReason } from "@/lib/model/door-capabilities";
import { formatZoned } from "@/lib/time/format-zoned";
import { DoorListSection, DoorNameCell } from "@/components/doors/door-list-section";
import { SyncFromNukiButton } from "@/components/doors/sync-from-nuki-button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Doors · Portier" };

/** Device and what it can hold, in words (an Opener or a lock without keypad gets app invites only). */
function DeviceCell({ d }: { d: Door }) {
  const noKeypad = keypadUnavailableReason(d);
  return (
    <span className="flex flex-wrap items-center gap-1">
      <span>{deviceTypeName(d.deviceType)}</span>
      {noKeypad ? (
        <span title={`${noKeypad} Keypad customers get an app invite here.`}>
          <Badge tone="info">App only · no keypad</Badge>
        </span>
      ) : (
        <Badge>Keypad</Badge>
      )}
    </span>
  );
}

export default async function DoorsPage() {
  const actor = await requirePageActor("doors.read", "/doors");
  const db = await getDb();
  const [all, lastSync] = await Promise.all([listDoors(db, { actor }), lastLockSync({ db }, actor)]);
  const active = all.filter((d) => !d.archivedAt && d.siteId);
  const awaiting = all.filter((d) => !d.archivedAt && !d.siteId);
  const archived = all.filter((d) => d.archivedAt);
  const zone = active[0]?.timeZone ?? "UTC";
  return (
    <>
      <PageHeader
        title="Doors"
        description="Every door is one Nuki device. Sync from Nuki reads the account's devices: new ones arrive here awaiting a site, renames follow, removed ones are archived with their history."
        actions={
          <>
            <Link className="btn-secondary" href="/doors/unmanaged">
              Not managed by Portier
            </Link>
            {can(actor.role, "doors.write") ? <SyncFromNukiButton /> : null}
          </>
        }
      />
      {lastSync ? (
        lastSync.ok ? (
          <p className="mb-4 text-sm text-slate-600" data-testid="last-sync">
            Last read from Nuki {formatZoned(new Date(lastSync.at), zone)} ({lastSync.by}): {lastSync.report.locks}{" "}
            devices.
          </p>
        ) : (
          <p
            role="alert"
            className="card mb-4 border-red-200 bg-red-50 p-3 text-sm text-red-800"
            data-testid="last-sync-error"
          >
            <strong>Sync from Nuki failed</strong> {formatZoned(new Date(lastSync.at), zone)} ({lastSync.by}):{" "}
            {lastSync.error}
          </p>
        )
      ) : null}
      {all.length === 0 ? (
        <EmptyState title="No doors yet">
          Doors appear here once their Nuki devices are imported
          {can(actor.role, "doors.write") ? " — press Sync from Nuki" : ""}.
        </EmptyState>
      ) : null}
      {awaiting.length > 0 ? (
        <DoorListSection
          id="awaiting"
          className="mb-6"
          title="Awaiting a site"
          count={awaiting.length}
          description="New from Nuki. Until a door joins a site it is scheduled on its lock's own clock."
          testId="doors-awaiting-site"
          columns={["Door", "Lock", "Device", "Lock's time zone", "Site"]}
        >
          {awaiting.map((d) => (
            <tr key={d.id} data-smartlock-id={d.smartlockId}>
              <DoorNameCell door={{ id: d.id, name: d.name }} />
              <td className="font-mono text-xs">{d.smartlockId}</td>
              <td>
                <DeviceCell d={d} />
              </td>
              <td>{d.lockTimeZone ?? "Unknown to Portier (UTC used)"}</td>
              {/* Hook for site assignment (sites): an "Assign to site" control replaces this badge. */}
              <td data-testid="assign-site-hook">
                <Badge tone="warn">Awaiting a site</Badge>
              </td>
            </tr>
          ))}
        </DoorListSection>
      ) : null}
      {active.length > 0 ? (
        <div className="card overflow-x-auto">
          <table className="table" data-testid="doors-table">
            <thead>
              <tr>
                <th>Door</th>
                <th>Group</th>
                <th>Lock</th>
                <th>Device</th>
                <th>Status</th>
                <th>Battery</th>
                <th>Time zone</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {active.map((d) => (
                <tr key={d.id}>
                  <DoorNameCell door={d} />
                  <td>{d.groupName ?? "—"}</td>
                  <td className="font-mono text-xs">{d.smartlockId}</td>
                  <td>
                    <DeviceCell d={d} />
                  </td>
                  <td>
                    {d.online ? (
                      <Badge tone="good">● Online</Badge>
                    ) : (
                      <Badge tone="bad">
                        ○ Offline
                        {d.offlineSince ? ` since ${formatZoned(d.offlineSince, d.timeZone)}` : ""}
                      </Badge>
                    )}
                  </td>
                  <td>
                    {d.batteryCritical ? (
                      <Badge tone="bad">! Critical</Badge>
                    ) : d.batteryCharge != null ? (
                      `${d.batteryCharge}%`
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>{d.timeZone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {archived.length > 0 ? (
        <DoorListSection
          id="archived"
          className="mt-6"
          title="Archived"
          count={archived.length}
          description="Their locks left the Nuki account. History is kept; nothing is sent to them. If a lock comes back, the next sync restores its door."
          testId="doors-archived"
          columns={["Door", "Lock", "Why"]}
        >
          {archived.map((d) => (
            <tr key={d.id}>
              <DoorNameCell door={{ id: d.id, name: d.name }} />
              <td className="font-mono text-xs">{d.smartlockId}</td>
              <td>{d.archivedReason}</td>
            </tr>
          ))}
        </DoorListSection>
      ) : null}
    </>
  );
}
