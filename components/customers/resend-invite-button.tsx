"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { resendInviteAction } from "@/app/actions/customers";
import { useToast } from "@/components/ui/toast";

export function ResendInviteButton({ grantId }: { grantId: string }) {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const router = useRouter();
  return (
    <button
      className="btn-secondary ml-2 px-2 py-0.5 text-xs"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        const r = await resendInviteAction({ grantId });
        setBusy(false);
        toast(
          r.ok
            ? { tone: "info", message: "A new invite is on its way (the old one stops working)." }
            : { tone: "error", message: r.error.message },
        );
        router.refresh();
      }}
    >
      Re-send invite
    </button>
  );
}
