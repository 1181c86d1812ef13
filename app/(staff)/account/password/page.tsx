import { requirePageActor } from "@/lib/auth/session";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-policy";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Change password · Portier" };

export default async function ChangePasswordPage() {
  // Every staff role reads doors; customers have no password (they sign in by emailed link).
  await requirePageActor("doors.read", "/account/password");
  return (
    <>
      <PageHeader title="Change password" description="Your current password is needed to choose a new one." />
      <div className="card max-w-xl p-6">
        <ChangePasswordForm minLength={PASSWORD_MIN_LENGTH} />
      </div>
    </>
  );
}
