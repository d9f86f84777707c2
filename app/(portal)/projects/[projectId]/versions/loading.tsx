import { Skeleton, Stack } from "@mantine/core";

export default function Loading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading versions">
      <Skeleton height={32} width="40%" />
      <Skeleton height={220} />
      <Skeleton height={28} width="20%" />
      <Skeleton height={180} />
    </Stack>
  );
}
