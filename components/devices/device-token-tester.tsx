"use client";
// Settings: paste a device user's access token and see what a device of that user would get from the device API
// (user, roles, project, version) or the exact refusal. The token stays in this form; nothing is stored.
import { useState, useTransition } from "react";
import { Alert, Button, Code, Group, Paper, Stack, Table, Text, TextInput, Textarea, Title } from "@mantine/core";
import type { ActionResult } from "@/app/_server/define-action";
import type { DeviceTokenTest, DeviceTokenTestInput } from "@/lib/device-api/test-token";

export function DeviceTokenTester(props: {
  test: (input: DeviceTokenTestInput) => Promise<ActionResult<DeviceTokenTest>>;
}) {
  const [token, setToken] = useState("");
  const [appVersion, setAppVersion] = useState("");
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<DeviceTokenTest> | null>(null);

  const run = () =>
    start(async () => {
      setResult(await props.test({ token, appVersion: appVersion.trim() }));
    });

  const outcome = result?.ok ? result.data : null;
  return (
    <Paper withBorder p="lg">
      <Title order={4} mb="xs">
        Test a device token
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Paste a device user&apos;s Entra ID access token: the portal checks it exactly as the device API does and shows
        what a device of that user would get. Nothing is stored or logged.
      </Text>
      <Stack gap="sm">
        <Textarea
          label="Access token"
          placeholder="eyJ0eXAiOiJKV1Qi..."
          autosize
          minRows={3}
          maxRows={8}
          spellCheck={false}
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.currentTarget.value)}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", wordBreak: "break-all" } }}
        />
        <TextInput
          label="App version (optional)"
          description="The X-App-Version a device sends; empty: the newest version of the project."
          placeholder="2.4.0"
          maw={240}
          value={appVersion}
          onChange={(e) => setAppVersion(e.currentTarget.value)}
        />
        <Group>
          <Button onClick={run} loading={pending} disabled={!token.trim()}>
            Test token
          </Button>
        </Group>
        {result && !result.ok ? (
          <Alert color="red" role="status" title="Could not test the token">
            {result.message}
            {result.problems.map((p) => (
              <Text key={p.path} size="sm">
                {p.path}: {p.message}
              </Text>
            ))}
          </Alert>
        ) : null}
        {outcome ? (
          <Alert
            color={outcome.ok ? "teal" : "orange"}
            role="status"
            title={
              outcome.ok
                ? `A device gets ${outcome.project.name}, version ${outcome.version.number}`
                : `A device gets ${outcome.status}: ${outcome.message}`
            }
            data-testid="device-token-result"
          >
            <Table withRowBorders={false} verticalSpacing={2} fz="sm">
              <Table.Tbody>
                {outcome.user ? (
                  <Table.Tr>
                    <Table.Th w={120}>User</Table.Th>
                    <Table.Td>
                      {outcome.user.name ?? "(no name in the token)"} · <Code>{outcome.user.oid}</Code>
                    </Table.Td>
                  </Table.Tr>
                ) : null}
                {outcome.roles ? (
                  <Table.Tr>
                    <Table.Th>Roles</Table.Th>
                    <Table.Td>
                      {outcome.roles.length === 0
                        ? "No environment has a published project yet."
                        : outcome.roles.map((r) => r.roles.join(", ") || "none").join("; ")}
                    </Table.Td>
                  </Table.Tr>
                ) : null}
                {outcome.ok ? (
                  <>
                    <Table.Tr>
                      <Table.Th>Project</Table.Th>
                      <Table.Td>
                        {outcome.project.name} (through {outcome.project.roleName}, priority {outcome.project.priority})
                      </Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th>Version</Table.Th>
                      <Table.Td>
                        v{outcome.version.number} (needs app {outcome.version.minClientVersion} or newer)
                      </Table.Td>
                    </Table.Tr>
                  </>
                ) : (
                  <Table.Tr>
                    <Table.Th>Refused at</Table.Th>
                    <Table.Td>
                      {
                        {
                          token: "the token check",
                          roles: "the roles lookup",
                          project: "picking a project",
                          version: "picking a version",
                        }[outcome.stage]
                      }{" "}
                      ({outcome.code})
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}
