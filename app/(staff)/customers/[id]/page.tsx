import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/bootstrap";
import { customerDeliveryStatus } from "@/lib/access/delivery/delivery-status";
import { customerAccess } from "@/lib/access/views/customer-access";
import { windowHref } from "@/lib/access/views/grant-windows";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { formatZoned } from "@/lib/time/format-zoned";
import { SyncBadge } from "@/components/calendar/sync-badge";
import { AccessMessagePanel } from "@/components/customers/access-message-panel";
import { CodePanel } from "@/components/customers/code-panel";
import { CustomerFormButton } from "@/components/customers/customer-form";
import { GrantFix } from "@/components/grants/grant-fix";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

const INVITE_WORDS = {
  not_sent: "—",
  sending: "Sending…",
  sent: "Sent",
  accepted: "Accepted",
  expired: "Expired",
} as const;

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor("customers.read", `/customers/${id}`);
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const db = await getDb();
  const view = await customerAccess(db, actor, id).catch((e) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const delivery = await customerDeliveryStatus(db, actor, id);
  const { customer } = view;
  const canRetry = can(actor.role, "access.write");
  const canManageCredentials = can(actor.role, "customers.write");
  // "Open in calendar" opens the week with the first failure in it; otherwise the week of the next window.
  const failing =
    view.doors.find((d) => d.status === "failed" && d.window) ??
    view.doors.find((d) => d.status !== "applied" && d.window);
  const focusDate = failing?.window?.date ?? view.windows[0]?.date;
  return (
    <>
      <PageHeader
        title={customer.name}
        description={`${customer.email}${customer.groupName ? ` · ${customer.groupName}` : ""}`}
        actions={
          <>
            {can(actor.role, "customers.write") ? (
              <CustomerFormButton
                label="Edit"
                existing={{
                  id: customer.id,
                  version: customer.version,
                  name: customer.name,
                  email: customer.email,
                  phone: customer.phone ?? "",
                  groupName: customer.groupName ?? "",
                  preferredCredential: customer.preferredCredential,
                }}
              />
            ) : null}
            {canRetry ? (
              <Link className="btn-primary" href={`/calendar?customer=${customer.id}&new=1`}>
                Give access…
              </Link>
            ) : null}
            <Link
              className="btn-secondary"
              href={`/calendar?view=week&customer=${customer.id}${focusDate ? `&date=${focusDate}` : ""}`}
            >
              Open in calendar
            </Link>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <section className="card space-y-2 p-4" aria-labelledby="cred">
          <h2 id="cred" className="font-semibold">
            Credentials
          </h2>
          <p className="text-sm text-slate-600">
            {customer.preferredCredential === "app"
              ? "Nuki app invite (one per door, valid 48 h)"
              : "Keypad code (the same on every door where possible)"}
          </p>
          {customer.preferredCredential === "keypad" ? (
            <CodePanel
              customerId={customer.id}
              hasCode={customer.hasCode}
              canReveal={can(actor.role, "codes.reveal")}
              canRegenerate={can(actor.role, "customers.write")}
            />
          ) : null}
          <AccessMessagePanel
            customerId={customer.id}
            words={delivery.words}
            canSendNow={delivery.canSendNow && canManageCredentials}
          />
        </section>
        <section className="card p-4 lg:col-span-2" aria-labelledby="doors">
          <h2 id="doors" className="mb-2 font-semibold">
            Doors
          </h2>
          {view.doors.length === 0 ? (
            <p className="text-sm text-slate-500">No access on any door.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="table" data-testid="customer-doors">
                <thead>
                  <tr>
                    <th>Door</th>
                    <th>On the lock</th>
                    <th>Invite</th>
                    <th>Note and fix</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {view.doors.map((d) => (
                    <tr key={d.grantId}>
                      <td>{d.doorName}</td>
                      <td>
                        <SyncBadge state={d.status} detail={d.error} />
                      </td>
                      <td>
                        {d.credential === "app" ? (
                          <span>
                            {INVITE_WORDS[d.invite.state]}
                            {d.invite.expiresAt && d.invite.state === "sent"
                              ? ` · until ${formatZoned(d.invite.expiresAt, d.timeZone)}`
                              : ""}
                          </span>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td className="space-y-1 text-xs text-slate-600">
                        <span className="block">
                          {d.error ??
                            (d.online
                              ? ""
                              : `Lock offline since ${d.offlineSince ? formatZoned(d.offlineSince, d.timeZone) : "?"}`)}
                        </span>
                        <GrantFix
                          grantId={d.grantId}
                          customerId={customer.id}
                          who={`${customer.name} on ${d.doorName}`}
                          status={d.status}
                          credential={d.credential}
                          error={d.error}
                          windowHref={d.window && d.status !== "applied" ? windowHref(d.window) : null}
                          canRetry={canRetry && d.status === "failed"}
                          canManageCredentials={canManageCredentials}
                          inviteNeedsResend={d.invite.state === "sent" || d.invite.state === "expired"}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card p-4 lg:col-span-2" aria-labelledby="windows">
          <h2 id="windows" className="mb-2 font-semibold">
            Upcoming windows
          </h2>
          {view.windows.length === 0 ? (
            <EmptyState title="No upcoming windows" />
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="customer-windows">
              {view.windows.map((w) => (
                <li key={w.id} className="py-2">
                  <span className="font-medium">{w.doorName}</span> · {w.describe}{" "}
                  <span className="text-slate-600">({w.timeZone})</span>
                  {w.note ? <span className="text-slate-600"> — {w.note}</span> : null}{" "}
                  <Link
                    className="text-xs text-indigo-700 underline"
                    href={windowHref({ windowId: w.id, date: w.date })}
                  >
                    Show in calendar<span className="sr-only"> ({w.doorName})</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card p-4" aria-labelledby="entries">
          <h2 id="entries" className="mb-2 font-semibold">
            Recent entries
          </h2>
          {view.entries.length === 0 ? (
            <p className="text-sm text-slate-500">None recorded.</p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="customer-entries">
              {view.entries.map((e) => (
                <li key={e.id}>
                  <time dateTime={e.at.toISOString()}>{formatZoned(e.at, e.timeZone, "date-time-seconds")}</time> ·{" "}
                  {e.doorName} {e.state === 0 ? <Badge tone="good">opened</Badge> : <Badge tone="bad">refused</Badge>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
