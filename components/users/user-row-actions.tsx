"use client";

import { useRouter } from "next/navigation";
import { reinviteStaffAction, revokeInviteAction, updateUserAction } from "@/app/actions/users";
import { useToast } from "@/components/ui/toast";
import { STAFF_ROLES, type StaffRole } from "@/lib/model/roles";

export function UserRowActions({
  userId,
  role,
  disabled,
  self,
  invited = false,
  inviteOpen = false,
}: {
  userId: string;
  role: string;
  disabled: boolean;
  self: boolean;
  /** A staff member who has not chosen a password yet (invite sent, withdrawn or expired). */
  invited?: boolean;
  inviteOpen?: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const run = async (patch: { disabled?: boolean; role?: StaffRole }) => {
    const r = await updateUserAction({ userId, ...patch });
    if (!r.ok) toast({ tone: "error", message: r.error.message });
    router.refresh();
  };
  const invite = async (
    action: (input: { userId: string }) => Promise<{ ok: true } | { ok: false; error: { message: string } }>,
    done: string,
  ) => {
    const r = await action({ userId });
    toast(r.ok ? { tone: "info", message: done } : { tone: "error", message: r.error.message });
    router.refresh();
  };
  if (self) return <span className="text-xs text-slate-500">you</span>;
  if (invited)
    return (
      <div className="flex items-center gap-2">
        <button
          type="button"
          className="btn-secondary py-1"
          onClick={() => void invite(reinviteStaffAction, "A new invite was sent; older links stop working.")}
        >
          Re-invite
        </button>
        {inviteOpen ? (
          <button
            type="button"
            className="btn-secondary py-1"
            onClick={() => void invite(revokeInviteAction, "Invite withdrawn; its link no longer works.")}
          >
            Revoke invite
          </button>
        ) : null}
      </div>
    );
  return (
    <div className="flex items-center gap-2">
      {role !== "customer" ? (
        <select
          aria-label="Role"
          className="input w-auto py-1"
          defaultValue={role}
          onChange={(e) => void run({ role: e.target.value as StaffRole })}
        >
          {STAFF_ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      ) : null}
      <button type="button" className="btn-secondary py-1" onClick={() => void run({ disabled: !disabled })}>
        {disabled ? "Enable" : "Disable"}
      </button>
    </div>
  );
}
