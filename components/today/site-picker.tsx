"use client";

import { usePathname, useRouter } from "next/navigation";
import { useId } from "react";

export type SitePickerOption = { id: string; name: string; timeZone: string };

/** One site or all, kept in the URL (`?site=`) like the calendar's, so a link or a reload keeps the choice. */
export function SitePicker({ sites, siteId }: { sites: SitePickerOption[]; siteId: string | null }) {
  const id = useId();
  const router = useRouter();
  const pathname = usePathname();
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="font-medium text-slate-700">
        Site
      </label>
      <select
        id={id}
        className="input w-auto py-1"
        value={siteId ?? ""}
        onChange={(e) => router.replace(e.target.value ? `${pathname}?site=${e.target.value}` : pathname)}
      >
        <option value="">All sites</option>
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.timeZone})
          </option>
        ))}
      </select>
    </div>
  );
}
