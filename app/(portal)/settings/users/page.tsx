import { PageHeader } from "@/components/shell/page-header";
import { UsersScreen } from "@/components/settings/users-screen";
import { getDb } from "@/lib/db/client";
import { listUsers } from "@/lib/auth/users";
import { listPendingInvites } from "@/lib/auth/invitations";
import { getCurrentUser } from "@/app/_server/request-context";
import { inviteUserAction, changeRoleAction, setUserDisabledAction, revokeInviteAction } from "./actions";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const db = getDb();
  const [user, users, invites] = await Promise.all([getCurrentUser(), listUsers(db), listPendingInvites(db)]);
  return (
    <>
      <PageHeader
        title="Users"
        description="Who may use this portal, and what they may do. Only owners see this page."
      />
      <UsersScreen
        currentUserId={user!.id}
        users={users}
        invites={invites.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() }))}
        actions={{
          invite: inviteUserAction,
          changeRole: changeRoleAction,
          setDisabled: setUserDisabledAction,
          revokeInvite: revokeInviteAction,
        }}
      />
    </>
  );
}
