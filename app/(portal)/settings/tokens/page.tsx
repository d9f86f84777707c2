// Settings > API tokens (owners): tokens for the CLI and CI, scoped, shown once, revocable.
import { Anchor } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { TokenManager } from "@/components/api-tokens/token-manager";
import { getDb } from "@/lib/db/client";
import { listApiTokens } from "@/lib/api-tokens/data";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata = { title: "API tokens" };

export default async function TokensPage() {
  const tokens = await listApiTokens(getDb());
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
        tokens={tokens.map((t) => ({
          ...t,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        }))}
        create={createTokenAction}
        revoke={revokeTokenAction}
      />
    </>
  );
}
