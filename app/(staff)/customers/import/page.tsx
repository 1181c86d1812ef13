import Link from "next/link";
import { ACCEPTED_CREDENTIALS, ACCEPTED_HEADERS } from "@/lib/access/customers/csv-parse";
import { requirePageActor } from "@/lib/auth/session";
import { CustomerImport } from "@/components/customers/customer-import";
import { PageHeader } from "@/components/ui/page-header";
import { IMPORT_FIELD_LABELS, type ImportField, MAX_IMPORT_BYTES } from "@/lib/model/customer-import";

export const metadata = { title: "Import customers · Portier" };

export default async function ImportCustomersPage() {
  // Importing creates and edits customers: the same permission as the New-customer form.
  await requirePageActor("customers.write", "/customers/import");
  const byKind = (kind: "app" | "keypad") =>
    Object.entries(ACCEPTED_CREDENTIALS)
      .filter(([, k]) => k === kind)
      .map(([word]) => word);
  return (
    <>
      <PageHeader
        title="Import customers"
        description="Add or update many customers from a CSV file. You see what will happen to every row before anything is saved."
        actions={
          <Link className="btn-secondary" href="/customers">
            Back to customers
          </Link>
        }
      />
      <details className="card mb-4 p-4 text-sm text-slate-700">
        <summary className="cursor-pointer font-medium text-slate-900">Which columns Portier reads</summary>
        <p className="mt-2">
          The first row names the columns, in any order and any case; commas or semicolons both work, and Excel’s “CSV
          UTF-8” is fine. Name and email are required. Customers are matched by email: a row whose email is already
          known updates that customer, a new email adds one. Importing the same file again changes nothing. An empty
          phone or group cell clears it; a file without that column leaves it as it is.
        </p>
        <table className="table mt-3">
          <thead>
            <tr>
              <th>Field</th>
              <th>Accepted headers</th>
            </tr>
          </thead>
          <tbody>
            {(Object.entries(ACCEPTED_HEADERS) as [ImportField, string[]][]).map(([field, names]) => (
              <tr key={field}>
                <td className="font-medium">{IMPORT_FIELD_LABELS[field]}</td>
                <td>{names.join(", ")} (also written as E-Mail, Phone Number, …)</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2">
          Credential: <strong>{byKind("app").join(", ")}</strong> mean a Nuki app invite;{" "}
          <strong>{byKind("keypad").join(", ")}</strong> mean a keypad code. Empty: a new customer gets a keypad code,
          an existing one keeps theirs. Changing it moves every door of that customer over. Up to{" "}
          {MAX_IMPORT_BYTES / 1024 / 1024} MB per file.
        </p>
      </details>
      <CustomerImport />
    </>
  );
}
