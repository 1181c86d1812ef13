"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Keeps a server-rendered board current: every `everyMs` the page's server components are read
 * again (router.refresh), which swaps in the new rows while React keeps the scroll position, focus
 * and every client component's state — the desk's place on the board survives the update. Skipped
 * while the tab is hidden (refreshed once it is shown again) and while a dialog is open (a
 * confirmation must not change under the reader).
 */
export function AutoRefresh({ everyMs }: { everyMs: number }) {
  const router = useRouter();
  useEffect(() => {
    const busy = () => document.hidden || document.querySelector("dialog[open]") !== null;
    const tick = () => {
      if (!busy()) router.refresh();
    };
    const timer = setInterval(tick, everyMs);
    const onVisible = () => {
      if (!document.hidden) tick();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [router, everyMs]);
  return null;
}
