/**
 * The card-wrapped table the settings pages list things in: column headings, then the rows the page
 * renders (an empty heading for a column of buttons).
 */
export function DataTable({
  testId,
  columns,
  className = "",
  children,
}: {
  testId: string;
  columns: string[];
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`card overflow-x-auto ${className}`}>
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed per table; several may be blank.
              <th key={i}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
