// Settings > API tokens (owners): tokens for the CLI and CI, scoped, shown once, revocable.
import { Anchor } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { TokenManager } from "@/components/api-tokens/token-manager";
import { getDb } from "@/lib/db/client";
import { listApiTokens, listTokenAssignees } from "@/lib/api-tokens/data";
import { createTokenAction, reassignTokenAction, revokeTokenAction } from "./actions";

export const metadata = { title: "API tokens" };

export default async function TokensPage() {
  const db = getDb();
  const [tokens, assignees] = await Promise.all([listApiTokens(db), listTokenAssignees(db)]);
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            For <code>syncwright export</code>, <code>import</code>, <code>publish</code> and <code>pull</code> against
            this portal.{" "}
            <Anchor href="/settings" size="sm">
              Settings
            </Anchor>
          </>
        }
      />
      <TokenManager
        assignees={assignees}
        tokens={tokens.map(({ actsFor, ...t }) => ({
          ...t,
          actsFor: actsFor ? { id: actsFor.id, email: actsFor.email, role: actsFor.role } : null,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        }))}
        create={createTokenAction}
        revoke={revokeTokenAction}
        reassign={reassignTokenAction}
      />
    </>
  );
}
