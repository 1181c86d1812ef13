import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listCustomerGroups, listCustomers } from "@/lib/access/directory/customers";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { CustomerFormButton } from "@/components/customers/customer-form";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Customers · Portier" };

export default async function CustomersPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; group?: string }>;
}) {
  const actor = await requirePageActor("customers.read", "/customers");
  const { q, group } = await searchParams;
  const db = await getDb();
  const [rows, groups] = await Promise.all([
    listCustomers(db, { actor, search: q?.slice(0, 100), group: group || undefined }),
    listCustomerGroups(db, { actor }),
  ]);
  const filter = new URLSearchParams();
  if (q) filter.set("q", q.slice(0, 100));
  if (group) filter.set("group", group);
  const filterQuery = filter.size ? `?${filter}` : "";
  return (
    <>
      <PageHeader
        title="Customers"
        description="People and companies who may enter rooms."
        actions={
          <>
            {/* Exports carry the page's filters: they list exactly the customers shown. */}
            <a className="btn-secondary" href={`/api/customers/export${filterQuery}`} download>
              Export CSV
            </a>
            {can(actor.role, "access.read") ? (
              <a className="btn-secondary" href={`/api/customers/windows-export${filterQuery}`} download>
                Export windows CSV
              </a>
            ) : null}
            {can(actor.role, "customers.write") ? (
              <>
                <Link className="btn-secondary" href="/customers/import">
                  Import CSV
                </Link>
                <CustomerFormButton label="New customer" />
              </>
            ) : null}
          </>
        }
      />
      <search>
        <form className="mb-4 flex flex-wrap gap-2">
          <label className="sr-only" htmlFor="q">
            Search customers
          </label>
          <input id="q" name="q" defaultValue={q} placeholder="Search name or email" className="input max-w-xs" />
          <label className="sr-only" htmlFor="group">
            Group
          </label>
          <select id="group" name="group" defaultValue={group ?? ""} className="input max-w-xs">
            <option value="">All groups</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
          <button className="btn-secondary" type="submit">
            Filter
          </button>
        </form>
      </search>
      {rows.length === 0 ? (
        <EmptyState title={q || group ? "No customers match these filters" : "No customers yet"}>
          {q || group ? (
            <Link className="text-indigo-700 underline" href="/customers">
              Clear filters
            </Link>
          ) : (
            "Customers you add appear here."
          )}
        </EmptyState>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table" data-testid="customers-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Group</th>
                <th>Credential</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((c) => (
                <tr key={c.id}>
                  <td className="font-medium text-slate-900">
                    <Link className="hover:underline" href={`/customers/${c.id}`}>
                      {c.name}
                    </Link>
                  </td>
                  <td>{c.email}</td>
                  <td>{c.groupName ?? <span className="text-slate-600">—</span>}</td>
                  <td>
                    <Badge tone="neutral">{c.preferredCredential === "app" ? "Nuki app invite" : "Keypad code"}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500">{rows.length} customers</p>
        </div>
      )}
    </>
  );
}
