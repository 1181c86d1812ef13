import "server-only";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { auth } from "./index";
import { can, isStaffRole, type Actor, type Permission } from "./permissions";

/** The signed-in user as an Actor, or null. The session callback has already re-checked the DB. */
export async function getActor(): Promise<Actor | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.role) return null;
  return { id: user.id, role: user.role, label: user.name ?? user.email ?? user.id, customerId: user.customerId };
}

/** For server actions and route handlers: throws AppError (UNAUTHENTICATED / FORBIDDEN). */
export async function requireActor(permission: Permission): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  if (!can(actor.role, permission)) throw new AppError("FORBIDDEN", "Your role does not allow this.");
  return actor;
}

/** For pages: sends strangers to sign in, customers to their portal, staff without the right to /forbidden. */
export async function requirePageActor(permission: Permission, from: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(permission === "portal.self" ? "/portal/login" : `/login?next=${encodeURIComponent(from)}`);
  if (!can(actor.role, permission)) redirect(isStaffRole(actor.role) ? "/forbidden" : "/portal");
  return actor;
}
