import { getDb } from "@/db/bootstrap";
import { listUsers } from "@/lib/auth/manage-users";
import { requirePageActor } from "@/lib/auth/session";
import { UserRowActions } from "@/components/users/user-row-actions";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Users · Portier" };

export default async function UsersPage() {
  const actor = await requirePageActor("users.admin", "/users");
  const rows = await listUsers(await getDb(), actor);
  return (
    <>
      <PageHeader title="Users" description="Who can sign in. Disabling ends the user's sessions at once." />
      <div className="card overflow-x-auto">
        <table className="table" data-testid="users-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>State</th>
              <th></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((u) => (
              <tr key={u.id}>
                <td className="font-medium">{u.name}</td>
                <td>{u.email}</td>
                <td>{u.role}</td>
                <td>{u.disabled ? <Badge tone="bad">✕ disabled</Badge> : <Badge tone="good">✓ active</Badge>}</td>
                <td>
                  <UserRowActions userId={u.id} role={u.role} disabled={u.disabled} self={u.id === actor.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
