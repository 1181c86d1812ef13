import Link from "next/link";
import type { ReactNode } from "react";

/**
 * A titled list of doors on the Doors page ("Awaiting a site", "Archived"): a card with its heading,
 * a count, what the list means, and a table of the given columns whose rows the page supplies.
 */
export function DoorListSection({
  id,
  title,
  count,
  description,
  testId,
  columns,
  className = "",
  children,
}: {
  id: string;
  title: string;
  count: number;
  description: ReactNode;
  testId: string;
  columns: string[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <section className={`card overflow-x-auto ${className}`} aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="px-4 pt-4 font-semibold">
        {title} <span className="text-slate-600">({count})</span>
      </h2>
      <p className="px-4 pb-2 text-sm text-slate-600">{description}</p>
      <table className="table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </section>
  );
}

/** A door's name linking to its page; Nuki's name beneath when staff renamed the door in Portier. */
export function DoorNameCell({ door }: { door: { id: string; name: string; nukiName?: string | null } }) {
  return (
    <td className="font-medium text-slate-900">
      <Link className="hover:underline" href={`/doors/${door.id}`}>
        {door.name}
      </Link>
      {door.nukiName && door.nukiName !== door.name ? (
        <span className="block text-xs text-slate-500">In Nuki: {door.nukiName}</span>
      ) : null}
    </td>
  );
}
