import Link from "next/link";
import { formatZoned } from "@/lib/time/format-zoned";
import { SyncBadge } from "@/components/calendar/sync-badge";
import { GrantFix } from "@/components/grants/grant-fix";
import type { GrantStatus } from "@/lib/model/sync-state";

/** One failing or stuck grant as At risk and the door page list it (lib/access/views/problem-grants.ts). */
export type ProblemGrant = {
  id: string;
  customerId: string;
  customerName: string;
  doorName: string;
  timeZone: string;
  credential: "app" | "keypad";
  status: GrantStatus;
  since: Date;
  error: string | null;
};

/**
 * Who, (which door,) since when in the door's clock, why, and the fix in place. The door page leaves
 * the door out (it is the page's subject); `windowHref` comes from the page, which may read the domain.
 */
export function ProblemGrantRow({
  grant: g,
  windowHref,
  showDoor,
  canRetry,
  canManageCredentials,
  testId,
}: {
  grant: ProblemGrant;
  windowHref: string | null;
  showDoor: boolean;
  canRetry: boolean;
  canManageCredentials: boolean;
  testId?: string;
}) {
  return (
    <li className="py-1.5" data-testid={testId} data-customer={testId ? g.customerName : undefined}>
      <Link
        className={showDoor ? "hover:underline" : "font-medium hover:underline"}
        href={`/customers/${g.customerId}`}
      >
        {g.customerName}
      </Link>{" "}
      {showDoor ? `· ${g.doorName} ` : null}
      <SyncBadge state={g.status} detail={g.error} /> since{" "}
      <time dateTime={g.since.toISOString()}>{formatZoned(g.since, g.timeZone)}</time>
      {g.error ? <span className="block text-xs text-red-800">{g.error}</span> : null}
      <span className="mt-1 block">
        <GrantFix
          grantId={g.id}
          customerId={g.customerId}
          who={`${g.customerName} on ${g.doorName}`}
          status={g.status}
          credential={g.credential}
          error={g.error}
          windowHref={windowHref}
          canRetry={canRetry}
          canManageCredentials={canManageCredentials}
        />
      </span>
    </li>
  );
}
