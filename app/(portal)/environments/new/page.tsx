// New environment (owners): a name, and optionally the org's URL and app registration for live imports.
import { Anchor, Breadcrumbs } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { EnvironmentForm } from "@/components/environments/environment-form";
import { createEnvironmentAction } from "./actions";

export const metadata = { title: "New environment" };

export default function NewEnvironmentPage() {
  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor href="/environments">Environments</Anchor>
        <span>New</span>
      </Breadcrumbs>
      <PageHeader
        title="New environment"
        description="One Dataverse org. Name it now; the connection can be added or changed later."
      />
      <EnvironmentForm actions={{ create: createEnvironmentAction }} />
    </>
  );
}
