import { Skeleton, Stack } from "@mantine/core";

// A server component: no compound parts (Grid.Col) here, they are undefined outside a client component.
export default function Loading() {
  return (
    <Stack aria-busy="true" aria-label="Loading the sync filter">
      <Skeleton h={14} w={120} />
      <Skeleton h={32} w="45%" />
      <Skeleton h={16} w="60%" />
      <Skeleton h={90} />
      <Skeleton h={260} />
      <Skeleton h={160} />
    </Stack>
  );
}
