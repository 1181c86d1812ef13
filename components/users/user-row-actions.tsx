"use client";

import { useRouter } from "next/navigation";
import { updateUserAction } from "@/app/actions/users";
import { useToast } from "@/components/ui/toast";
import { STAFF_ROLES, type StaffRole } from "@/lib/model/roles";

export function UserRowActions({
  userId,
  role,
  disabled,
  self,
}: {
  userId: string;
  role: string;
  disabled: boolean;
  self: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const run = async (patch: { disabled?: boolean; role?: StaffRole }) => {
    const r = await updateUserAction({ userId, ...patch });
    if (!r.ok) toast({ tone: "error", message: r.error.message });
    router.refresh();
  };
  if (self) return <span className="text-xs text-slate-500">you</span>;
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
