import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/bootstrap";
import { customerAccess } from "@/lib/access/views/customer-access";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { SyncBadge } from "@/components/calendar/sync-badge";
import { CodePanel } from "@/components/customers/code-panel";
import { CustomerFormButton } from "@/components/customers/customer-form";
import { ResendInviteButton } from "@/components/customers/resend-invite-button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
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
  const view = await customerAccess(await getDb(), actor, id).catch((e) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const { customer } = view;
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
            <Link className="btn-secondary" href={`/calendar?view=week&customer=${customer.id}`}>
              Open in calendar
            </Link>
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
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
        </section>
        <section className="card p-4 lg:col-span-2" aria-labelledby="doors">
          <h2 id="doors" className="mb-2 font-semibold">
            Doors
          </h2>
          {view.doors.length === 0 ? (
            <p className="text-sm text-slate-500">No access on any door.</p>
          ) : (
            <table className="table" data-testid="customer-doors">
              <thead>
                <tr>
                  <th>Door</th>
                  <th>On the lock</th>
                  <th>Invite</th>
                  <th>Note</th>
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
                        <span title={d.invite.expiresAt ? `expires ${fmt.format(d.invite.expiresAt)}` : undefined}>
                          {INVITE_WORDS[d.invite.state]}
                          {d.invite.expiresAt && d.invite.state === "sent"
                            ? ` · until ${fmt.format(d.invite.expiresAt)}`
                            : ""}
                          {can(actor.role, "customers.write") &&
                          (d.invite.state === "sent" || d.invite.state === "expired") ? (
                            <ResendInviteButton grantId={d.grantId} />
                          ) : null}
                        </span>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="text-xs text-slate-600">
                      {d.error ??
                        (d.online ? "" : `Lock offline since ${d.offlineSince ? fmt.format(d.offlineSince) : "?"}`)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
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
                  <span className="font-medium">{w.doorName}</span> · {w.describe}
                  {w.note ? <span className="text-slate-500"> — {w.note}</span> : null}
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
            <ul className="space-y-1 text-sm">
              {view.entries.map((e, i) => (
                <li key={i}>
                  {fmt.format(e.at)} · {e.doorName}{" "}
                  {e.state === 0 ? <Badge tone="good">opened</Badge> : <Badge tone="bad">refused</Badge>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
