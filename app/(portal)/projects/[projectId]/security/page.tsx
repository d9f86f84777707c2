// A project's security policy: presets, each setting with one plain sentence, validated as it is typed, saved
// against the project revision; devices get it with the next published version.
import { Anchor, Group } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { SecurityPolicyForm } from "@/components/devices/security-policy-form";
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import { loadSecurityPolicy } from "@/lib/devices/data";
import { getCurrentUser } from "@/app/_server/request-context";
import { saveSecurityPolicyAction } from "./actions";

export const metadata = { title: "Security policy" };
export const dynamic = "force-dynamic";

export default async function SecurityPolicyPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const user = await getCurrentUser();
  const loaded = await loadSecurityPolicy(getDb(), projectId);
  return (
    <>
      <PageHeader
        title={`${loaded.projectName}: security policy`}
        description="What the app on every device of this project enforces. Saved here, it reaches devices with the next published version."
        actions={
          <Group gap="sm">
            <Anchor href={`/projects/${projectId}`} size="sm">
              Back to project
            </Anchor>
            <Anchor href={`/projects/${projectId}/versions`} size="sm">
              Versions &amp; publish
            </Anchor>
          </Group>
        }
      />
      <SecurityPolicyForm
        projectId={projectId}
        revision={loaded.revision}
        policy={loaded.policy}
        published={loaded.published}
        canEdit={!!user && can(user.role, "edit")}
        save={saveSecurityPolicyAction}
      />
    </>
  );
}
