// Shown while the environment page loads its snapshots.
import { Skeleton, Stack } from "@mantine/core";

export default function Loading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the environment">
      <Skeleton height={32} width={320} />
      <Skeleton height={16} width={520} />
      <Skeleton height={180} />
      <Skeleton height={240} />
    </Stack>
  );
}
