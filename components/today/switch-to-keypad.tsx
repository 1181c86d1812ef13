"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { updateCustomerAction } from "@/app/actions/customers";
import { useToast } from "@/components/ui/toast";

/** What the customer edit needs: the customer as the page read it, and its version (a stale one is refused). */
export type SwitchToKeypadProps = {
  who: string;
  customer: {
    id: string;
    version: number;
    name: string;
    email: string;
    phone: string | null;
    groupName: string | null;
  };
};

/**
 * The one-click fix for an app invite nobody accepted: switch the customer to a keypad code. It is the
 * customer edit itself (same action, permission, audit and optimistic concurrency), so it moves every
 * door of the customer over — the confirmation says so.
 */
export function SwitchToKeypad({ who, customer: c }: SwitchToKeypadProps) {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const router = useRouter();
  async function run() {
    if (
      !window.confirm(
        `Switch ${c.name} to a keypad code on all their doors? Their Nuki app access is removed as each lock confirms the code.`,
      )
    )
      return;
    setBusy(true);
    const r = await updateCustomerAction({
      customerId: c.id,
      expectedVersion: c.version,
      name: c.name,
      email: c.email,
      phone: c.phone ?? "",
      groupName: c.groupName ?? "",
      preferredCredential: "keypad",
    });
    setBusy(false);
    toast(
      r.ok
        ? { tone: "info", message: "Switched to a keypad code; the code is on its way to the locks." }
        : { tone: "error", message: r.error.message },
    );
    router.refresh();
  }
  return (
    <button
      type="button"
      className="btn-secondary px-2 py-0.5 text-xs"
      disabled={busy}
      aria-label={`Switch to keypad code: ${who}`}
      onClick={run}
    >
      Switch to keypad code
    </button>
  );
}
