"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/actions/action-result";

/**
 * A table row's one-click action (revoke a key, disable an endpoint, send again, delete): asks
 * first when `confirm` says so, stays disabled while running, says a failure in a toast, and
 * reloads the page's data either way (a conflict's fresh row included).
 */
export function ActionButton<T>({
  label,
  run,
  confirm,
  success,
  href,
}: {
  label: string;
  run: () => Promise<ActionResult<T>>;
  /** A question for window.confirm; the action runs only on OK. */
  confirm?: string;
  /** Toast text on success; none when the page itself shows the change. */
  success?: string;
  /** Where to go on success (e.g. back to the list after deleting what the page showed). */
  href?: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const click = async () => {
    if (confirm && !window.confirm(confirm)) return;
    setBusy(true);
    const r = await run();
    setBusy(false);
    if (!r.ok) toast({ tone: "error", message: r.error.message });
    else if (success) toast({ tone: "info", message: success });
    if (r.ok && href) router.push(href);
    router.refresh();
  };
  return (
    <button type="button" className="btn-secondary py-1" disabled={busy} onClick={() => void click()}>
      {label}
    </button>
  );
}
