import { getDb } from "@/db/bootstrap";
import { listUsers } from "@/lib/auth/manage-users";
import { openInvites } from "@/lib/auth/staff-invites";
import { listDoors } from "@/lib/access/directory/doors";
import { buildingZone, formatZoned } from "@/lib/time/format-zoned";
import { InviteForm } from "@/components/users/invite-form";
import { requirePageActor } from "@/lib/auth/session";
import { UserRowActions } from "@/components/users/user-row-actions";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Users · Portier" };

export default async function UsersPage() {
  const actor = await requirePageActor("users.admin", "/users");
  const db = await getDb();
  const [rows, invites, doors] = await Promise.all([
    listUsers(db, actor),
    openInvites(db, actor),
    listDoors(db, { actor }),
  ]);
  // An invite's expiry belongs to no door: the building's clock, zone stated (as on the audit page).
  const zone = buildingZone(doors.map((d) => d.timeZone));
  return (
    <>
      <PageHeader title="Users" description="Who can sign in. Disabling ends the user's sessions at once." />
      <InviteForm />
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
                <td>
                  <UserState invited={u.invited} disabled={u.disabled} inviteExpires={invites.get(u.id)} zone={zone} />
                </td>
                <td>
                  <UserRowActions
                    userId={u.id}
                    role={u.role}
                    disabled={u.disabled}
                    self={u.id === actor.id}
                    invited={u.invited}
                    inviteOpen={invites.has(u.id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Invited staff are neither active nor disabled yet: say which link state they are in. */
function UserState({
  invited,
  disabled,
  inviteExpires,
  zone,
}: {
  invited: boolean;
  disabled: boolean;
  inviteExpires?: Date;
  zone: string;
}) {
  if (invited && inviteExpires)
    return <Badge tone="warn">✉ invited · link valid until {formatZoned(inviteExpires, zone)}</Badge>;
  if (invited) return <Badge tone="bad">✉ invite {disabled ? "withdrawn" : "expired"}</Badge>;
  return disabled ? <Badge tone="bad">✕ disabled</Badge> : <Badge tone="good">✓ active</Badge>;
}
