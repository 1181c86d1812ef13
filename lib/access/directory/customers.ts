import "server-only";
import type { DbOrTx } from "@/db/client";
import { type CustomerFilter, selectCustomer, selectCustomerGroups, selectCustomers } from "@/db/queries/customers";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";

// The data layer only selects; who may read what is decided here and at the edges.

export async function listCustomers(db: DbOrTx, params: { actor: Actor } & CustomerFilter) {
  assertCan(params.actor, "customers.read");
  return selectCustomers(db, { search: params.search, group: params.group });
}

export async function listCustomerGroups(db: DbOrTx, params: { actor: Actor }) {
  assertCan(params.actor, "customers.read");
  return selectCustomerGroups(db);
}

export async function getCustomer(db: DbOrTx, params: { actor: Actor; id: string }) {
  // A customer may read exactly one customer row: their own.
  if (params.actor.role === "customer") {
    if (params.actor.customerId !== params.id) return null;
  } else {
    assertCan(params.actor, "customers.read");
  }
  return selectCustomer(db, params.id);
}
