import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listCustomers } from "@/lib/access/directory/customers";
import { listDoors } from "@/lib/access/directory/doors";
import { lockActivity } from "@/lib/access/views/lock-activity";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { formatZoned } from "@/lib/time/format-zoned";
import { inDateRange } from "@/lib/time/date-bounds";
import { parseLocalDate } from "@/lib/time/zoned-time";

export const metadata = { title: "Lock activity · Portier" };
const uuid = (s?: string) => (s && /^[0-9a-f-]{36}$/.test(s) ? s : undefined);
/**
 * A real yyyy-mm-dd day of this century or nothing: a typed-in "2026-02-30" or an extreme year is ignored
 * rather than crashing the page or reaching Postgres.
 */
const day = (s?: string) => {
  if (!s) return undefined;
  try {
    const d = parseLocalDate(s);
    return inDateRange(Date.UTC(d.y, d.m - 1, d.d)) ? s : undefined;
  } catch {
    return undefined;
  }
};

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<{ door?: string; customer?: string; from?: string; to?: string }>;
}) {
  const actor = await requirePageActor("activity.read", "/activity");
  const q = await searchParams;
  const db = await getDb();
  const [rows, doors, customers] = await Promise.all([
    lockActivity(db, actor, { doorId: uuid(q.door), customerId: uuid(q.customer), from: day(q.from), to: day(q.to) }),
    listDoors(db, { actor }),
    can(actor.role, "customers.read") ? listCustomers(db, { actor }) : [],
  ]);
  const csv = `/api/activity?${new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][])}`;
  return (
    <>
      <PageHeader
        title="Lock activity"
        description="Who opened which door when, tied to customers through their authorizations. Times are each door's local time."
        actions={
          <a className="btn-secondary" href={csv} download>
            Export CSV
          </a>
        }
      />
      <search>
        <form className="mb-4 flex flex-wrap gap-2">
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
          <label className="flex items-center gap-1 text-sm text-slate-700">
            From
            <input name="from" type="date" defaultValue={q.from} className="input w-auto" />
          </label>
          <label className="flex items-center gap-1 text-sm text-slate-700">
            To (inclusive)
            <input name="to" type="date" defaultValue={q.to} className="input w-auto" />
          </label>
          <button className="btn-secondary" type="submit">
            Filter
          </button>
        </form>
      </search>
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
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="whitespace-nowrap" data-testid="activity-when">
                    {formatZoned(r.at, r.timeZone, "date-time-seconds")}
                  </td>
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
