import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { recordLoginAttempt } from "@/db/queries/users";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { checkLoginThrottle } from "./login-throttle";
import { writePassword } from "./manage-users";
import { verifyPassword } from "./password";
import { PASSWORD_MAX_LENGTH } from "./password-policy";
import { isStaffRole, type Actor } from "./permissions";

export const changePasswordInput = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(PASSWORD_MAX_LENGTH, "That is not your current password."),
    newPassword: z
      .string({ error: "Choose a new password." })
      .min(1, "Choose a new password.")
      .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
    confirmPassword: z.string({ error: "Type the new password again." }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords differ; type the new one again.",
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
export type ChangePasswordInput = z.input<typeof changePasswordInput>;

/**
 * A staff member changes their own password: the current one is required (a session left open on
 * a desk must not be enough to take the account over), and wrong guesses count in the sign-in
 * throttle under the account and address — the same budget as the sign-in form, so this is no
 * second door for guessing. The new password goes through the same rules and write as an admin's
 * reset (writePassword): every session of the account ends, this one included, and the change is
 * audited without the password.
 */
export async function changeOwnPassword(db: DbOrTx, actor: Actor, raw: ChangePasswordInput, ip: string) {
  if (actor.apiKeyId || !isStaffRole(actor.role))
    throw new AppError("FORBIDDEN", "Only staff sign in with a password; customers use an emailed link.");
  const input = changePasswordInput.parse(raw);
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.id));
  if (!user?.passwordHash) throw new AppError("NOT_FOUND", "Your account has no password to change.");
  const verdict = await checkLoginThrottle(db, user.email, ip);
  if (!verdict.allowed)
    throw new AppError("RATE_LIMITED", `Too many wrong passwords. Try again in ${verdict.retryAfterMinutes} minutes.`);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await recordLoginAttempt(db, { email: user.email, ip, success: false });
    throw new AppError("INVALID_INPUT", "That is not your current password.", {
      details: { field: "currentPassword" },
    });
  }
  await writePassword(db, actor, user, input.newPassword, "user.password_change");
}
