"use server";

import { z } from "zod";
import { importCustomers, previewCustomerImport } from "@/lib/access/customers/import-customers";
import { defineAction } from "@/lib/actions/define-action";
import { MAX_IMPORT_BYTES } from "@/lib/model/customer-import";
import { getAccessContext } from "@/lib/runtime/context";

// Characters, a cheap first bound before anything is parsed; the byte cap itself is checked (with the
// file's real size in the message) by the parser.
const csvText = z
  .string()
  .max(MAX_IMPORT_BYTES, `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into smaller files.`);

/** Dry run: what importing this CSV would do per row. Writes nothing. */
export const previewCustomerImportAction = defineAction({
  input: z.object({ text: csvText }),
  permission: "customers.write",
  run: async ({ text }, actor) => previewCustomerImport(await getAccessContext(), actor, text),
});

/** Imports the previewed CSV in one transaction (all or nothing); `digest` is the preview's fingerprint. */
export const importCustomersAction = defineAction({
  input: z.object({ text: csvText, digest: z.string().regex(/^[0-9a-f]{64}$/, "Preview the file first.") }),
  permission: "customers.write",
  run: async (input, actor) => importCustomers(await getAccessContext(), actor, input),
});
