"use client";
// A phone or tablet outline at the device's width, with the toggle between the two.
import { Box, Group, Paper, SegmentedControl, Text } from "@mantine/core";

export type PreviewDevice = "phone" | "tablet";

export const DEVICE_WIDTH: Record<PreviewDevice, number> = { phone: 360, tablet: 600 };

export function DeviceToggle({ value, onChange }: { value: PreviewDevice; onChange(device: PreviewDevice): void }) {
  return (
    <SegmentedControl
      size="xs"
      value={value}
      onChange={(v) => onChange(v as PreviewDevice)}
      data={[
        { value: "phone", label: "Phone" },
        { value: "tablet", label: "Tablet" },
      ]}
      aria-label="Preview device"
    />
  );
}

export function DeviceFrame({
  device,
  title,
  children,
  label,
}: {
  device: PreviewDevice;
  title: string;
  /** The accessible name of the preview region. */
  label: string;
  children: React.ReactNode;
}) {
  return (
    <Paper
      component="section"
      aria-label={label}
      data-testid="device-preview"
      data-device={device}
      withBorder
      radius={device === "phone" ? 28 : 18}
      p={10}
      style={{ width: DEVICE_WIDTH[device] + 20, background: "var(--mantine-color-gray-7)" }}
    >
      <Box
        style={{
          width: DEVICE_WIDTH[device],
          height: device === "phone" ? 640 : 760,
          borderRadius: device === "phone" ? 20 : 10,
          overflow: "hidden",
          display: "flex",
          flexDirection: "column",
          background: "var(--mantine-color-body)",
        }}
      >
        <Group
          justify="space-between"
          px="sm"
          py={6}
          style={{ background: "var(--mantine-primary-color-filled)", color: "var(--mantine-color-white)" }}
        >
          <Text size="sm" fw={600} c="white" truncate>
            {title}
          </Text>
          <Text size="xs" c="white" aria-hidden>
            9:41
          </Text>
        </Group>
        <Box style={{ flex: 1, overflowY: "auto" }}>{children}</Box>
      </Box>
    </Paper>
  );
}
