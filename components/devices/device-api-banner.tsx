// Says that the device API is not configured (every device gets 503 while publishing works) and how to configure
// it: the variables, what each holds, and where the README explains it (the portal serves no
// copy of it, so the banner names the file and its sections). Renders nothing once it is configured.
import { Alert, Code, List, ListItem, Stack, Text } from "@mantine/core";
import { IconPlugConnectedX } from "@tabler/icons-react";
import type { DeviceApiSetup } from "@/lib/config";

export function DeviceApiBanner({ setup }: { setup: DeviceApiSetup }) {
  if (setup.configured) return null;
  return (
    <Alert
      color="orange"
      icon={<IconPlugConnectedX size={18} />}
      title="The device API is not configured: every device gets 503"
      data-testid="device-api-banner"
      mb="lg"
    >
      <Stack gap="xs">
        <Text size="sm">
          Publishing works, but no device can download a version until the server knows which Entra ID tokens to accept.
          To turn it on:
        </Text>
        <List type="ordered" size="sm" spacing={6}>
          {setup.missing.map((m) => (
            <ListItem key={m.name}>
              Set <Code>{m.name}</Code> to {m.holds}, e.g. <Code>{m.example}</Code>.
            </ListItem>
          ))}
          <ListItem>Restart the portal (npm start reads the variables once, at start-up).</ListItem>
          <ListItem>
            In Settings, paste a device user&apos;s access token under &quot;Test a device token&quot; to see what a
            device would get.
          </ListItem>
        </List>
        <Text size="sm">
          The README of the portal&apos;s installation explains each variable: <Code>README.md</Code>, sections
          &quot;Configuration&quot; (the <Code>DEVICE_TOKEN_*</Code> rows) and &quot;Device API&quot;.
        </Text>
      </Stack>
    </Alert>
  );
}
