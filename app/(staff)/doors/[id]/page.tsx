import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/bootstrap";
import { unmanagedView } from "@/lib/access/adopt/unmanaged-view";
import { doorOverview } from "@/lib/access/views/door-overview";
import { windowHref } from "@/lib/access/views/grant-windows";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { APP_INSTEAD_OF_CODE, deviceTypeName, keypadUnavailableReason } from "@/lib/model/door-capabilities";
import { formatZoned, zoneAbbreviation, zonedDate } from "@/lib/time/format-zoned";
import { BulkAdoptButton } from "@/components/adopt/bulk-adopt-button";
import { UnmanagedList } from "@/components/adopt/unmanaged-list";
import { ProblemGrantRow } from "@/components/grants/problem-grant-row";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";

const LOCK_STATES: Record<number, string> = {
  1: "locked",
  2: "unlocking",
  3: "unlocked",
  4: "locking",
  5: "unlatched",
  254: "motor blocked",
};

export default async function DoorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor("doors.read", `/doors/${id}`);
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const view = await doorOverview(await getDb(), actor, id).catch((e) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const { door, slots } = view;
  const unmanaged = await unmanagedView(await getDb(), actor, door.id);
  const fmt = (at: Date) => formatZoned(at, door.timeZone);
  const canRetry = can(actor.role, "access.write");
  const canManageCredentials = can(actor.role, "customers.write");
  return (
    <>
      <PageHeader
        title={door.name}
        description={`${door.siteName ?? "Awaiting a site"} · ${door.groupName ?? "No group"} · Nuki ${door.smartlockId} · ${door.timeZone} (${zoneAbbreviation(Date.now(), door.timeZone)}): every time on this page is the door's local time`}
        actions={
          <Link className="btn-secondary" href={`/calendar?view=week&doors=${door.id}`}>
            Open in calendar
          </Link>
        }
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        {door.archivedAt ? (
          <p
            role="status"
            className="card border-amber-200 bg-amber-50 p-4 text-sm text-amber-900 lg:col-span-3"
            data-testid="door-archived"
          >
            <strong>Archived.</strong> {door.archivedReason}. Its windows and entries stay here; nothing is sent to this
            lock. If it returns to the Nuki account, the next sync restores the door and sends its grants again.
          </p>
        ) : null}
        {view.problems.length > 0 ? (
          <section className="card p-4 lg:col-span-3" aria-labelledby="p" data-testid="door-problems">
            <h2 id="p" className="mb-2 font-semibold">
              Needs attention <span className="text-slate-600">({view.problems.length})</span>
            </h2>
            <ul className="divide-y divide-slate-100 text-sm">
              {view.problems.map((g) => (
                <ProblemGrantRow
                  key={g.id}
                  grant={g}
                  windowHref={g.window ? windowHref(g.window) : null}
                  showDoor={false}
                  canRetry={canRetry}
                  canManageCredentials={canManageCredentials}
                />
              ))}
            </ul>
          </section>
        ) : null}
        <section className="card space-y-2 p-4 text-sm" aria-labelledby="state" data-testid="door-state">
          <h2 id="state" className="font-semibold">
            Live state
          </h2>
          <p data-testid="door-device">
            {deviceTypeName(door.deviceType)}
            {door.nukiName && door.nukiName !== door.name ? ` · “${door.nukiName}” in Nuki` : ""}
            {door.siteId ? "" : " · awaiting a site"}
          </p>
          {keypadUnavailableReason(door) ? (
            <p className="text-slate-700" data-testid="door-no-keypad">
              <Badge tone="info">App only</Badge> {keypadUnavailableReason(door)} {APP_INSTEAD_OF_CODE}
            </p>
          ) : null}
          <p>
            {door.online ? (
              <Badge tone="good">● Online</Badge>
            ) : (
              <Badge tone="bad">○ Offline{door.offlineSince ? ` since ${fmt(door.offlineSince)}` : ""}</Badge>
            )}
          </p>
          <p>
            Battery:{" "}
            {door.batteryCritical ? (
              <Badge tone="bad">! critical</Badge>
            ) : door.batteryCharge != null ? (
              `${door.batteryCharge}%`
            ) : (
              "unknown"
            )}
          </p>
          <p>
            Lock: {door.lockState != null ? (LOCK_STATES[door.lockState] ?? `state ${door.lockState}`) : "unknown"}
            {door.stateUpdatedAt ? <span className="text-slate-500"> (as of {fmt(door.stateUpdatedAt)})</span> : null}
          </p>
          <p>
            Keypad codes: {slots.codesUsed} of {slots.codesMax}{" "}
            {slots.nearlyFull ? <Badge tone="warn">! nearly full</Badge> : null}
          </p>
          <p>App authorizations: {slots.appAuths} of 200</p>
        </section>
        <section className="card p-4 lg:col-span-2" aria-labelledby="w">
          <h2 id="w" className="mb-2 font-semibold">
            Upcoming windows <span className="text-sm font-normal text-slate-600">({door.timeZone} time)</span>
          </h2>
          {view.windows.length === 0 ? (
            <p className="text-sm text-slate-500">Nobody is scheduled on this door.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {view.windows.map((w) => (
                <li key={w.id} className="py-1.5">
                  <Link className="font-medium hover:underline" href={`/customers/${w.customerId}`}>
                    {w.customerName}
                  </Link>{" "}
                  · {w.describe}{" "}
                  <Link
                    className="text-xs text-indigo-700 underline"
                    href={windowHref({
                      windowId: w.id,
                      date: zonedDate(Math.max(w.startsAt.getTime(), Date.now()), door.timeZone),
                    })}
                  >
                    Show in calendar<span className="sr-only"> ({w.customerName})</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card p-4 lg:col-span-3" aria-labelledby="e">
          <h2 id="e" className="mb-2 font-semibold">
            Recent entries
          </h2>
          {view.entries.length === 0 ? (
            <p className="text-sm text-slate-500">No entries recorded yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="table" data-testid="door-entries">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Who</th>
                    <th>Result</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {view.entries.map((e) => (
                    <tr key={e.id}>
                      <td className="whitespace-nowrap">
                        <time dateTime={e.at.toISOString()}>
                          {formatZoned(e.at, door.timeZone, "date-time-seconds")}
                        </time>
                      </td>
                      <td>{e.customerName ?? e.authName ?? "unknown"}</td>
                      <td>
                        {e.state === 0 ? <Badge tone="good">✓ opened</Badge> : <Badge tone="bad">✕ refused</Badge>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {unmanaged.items.length > 0 ? (
          <section className="card space-y-3 p-4 lg:col-span-3" aria-labelledby="u" data-testid="door-unmanaged">
            <h2 id="u" className="font-semibold">
              On the lock, not managed by Portier <span className="text-slate-600">({unmanaged.items.length})</span>
            </h2>
            <p className="text-sm text-slate-600">
              Seen at the last resync. Adopt one to manage it here (nothing is re-created on the lock), or leave it
              alone: it keeps working, counts for the slots above, and Portier never touches it.{" "}
              <Link className="underline" href="/doors/unmanaged">
                All doors
              </Link>
            </p>
            {unmanaged.canAdopt && unmanaged.matches > 0 ? (
              <BulkAdoptButton doorId={door.id} matches={unmanaged.matches} />
            ) : null}
            <UnmanagedList
              items={unmanaged.items}
              showDoor={false}
              canAdopt={unmanaged.canAdopt}
              customers={unmanaged.customers}
            />
          </section>
        ) : null}
      </div>
    </>
  );
}
