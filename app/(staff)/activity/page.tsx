import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listCustomers } from "@/lib/access/directory/customers";
import { listDoors } from "@/lib/access/directory/doors";
import { lockActivity } from "@/lib/access/views/lock-activity";
import { requirePageActor } from "@/lib/auth/session";
import { inDateRange } from "@/lib/time/date-bounds";
import { can } from "@/lib/auth/permissions";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Lock activity · Portier" };
const uuid = (s?: string) => (s && /^[0-9a-f-]{36}$/.test(s) ? s : undefined);
// Out-of-range dates (year 275760, 4714 BC) are ignored like unreadable ones, never sent to Postgres.
const date = (s?: string) => (s && inDateRange(Date.parse(s)) ? new Date(s) : undefined);

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<{ door?: string; customer?: string; from?: string; to?: string }>;
}) {
  const actor = await requirePageActor("activity.read", "/activity");
  const q = await searchParams;
  const db = await getDb();
  const [rows, doors, customers] = await Promise.all([
    lockActivity(db, actor, { doorId: uuid(q.door), customerId: uuid(q.customer), from: date(q.from), to: date(q.to) }),
    listDoors(db, { actor }),
    can(actor.role, "customers.read") ? listCustomers(db, { actor }) : [],
  ]);
  const csv = `/api/activity?${new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][])}`;
  const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" });
  return (
    <>
      <PageHeader
        title="Lock activity"
        description="Who opened which door when, tied to customers through their authorizations."
        actions={
          <a className="btn-secondary" href={csv} download>
            Export CSV
          </a>
        }
      />
      <form className="mb-4 flex flex-wrap gap-2" role="search">
        <select name="door" aria-label="Door" defaultValue={q.door ?? ""} className="input w-auto">
          <option value="">All doors</option>
          {doors.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
        <select name="customer" aria-label="Customer" defaultValue={q.customer ?? ""} className="input w-auto">
          <option value="">All customers</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <input name="from" type="date" aria-label="From" defaultValue={q.from} className="input w-auto" />
        <input name="to" type="date" aria-label="To" defaultValue={q.to} className="input w-auto" />
        <button className="btn-secondary">Filter</button>
      </form>
      {rows.length === 0 ? (
        <EmptyState title="No lock activity recorded">
          Door events arrive as Nuki reports them (DEVICE_LOGS webhooks).
        </EmptyState>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table" data-testid="activity-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Door</th>
                <th>Who</th>
                <th>What</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r, i) => (
                <tr key={i}>
                  <td className="whitespace-nowrap">{fmt.format(r.at)}</td>
                  <td>{r.doorName}</td>
                  <td>
                    {r.customerId ? (
                      <Link className="hover:underline" href={`/customers/${r.customerId}`}>
                        {r.customerName}
                      </Link>
                    ) : (
                      <span className="text-slate-500">{r.authName ?? "unknown"}</span>
                    )}
                  </td>
                  <td>{r.what}</td>
                  <td>{r.ok ? <Badge tone="good">✓ opened</Badge> : <Badge tone="bad">✕ refused</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
