import { Group, Skeleton, Stack } from "@mantine/core";

// Reading and unpacking a large snapshot the first time takes a moment; the frame shows at once.
export default function Loading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the snapshot">
      <Skeleton height={28} width={320} />
      <Skeleton height={16} width={480} />
      <Group gap="sm">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={64} width={170} />
        ))}
      </Group>
      <Skeleton height={36} width={360} />
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} height={40} />
      ))}
    </Stack>
  );
}
