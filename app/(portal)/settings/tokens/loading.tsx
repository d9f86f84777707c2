import { Skeleton, Stack } from "@mantine/core";

export default function Loading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading API tokens">
      <Skeleton height={32} width="30%" />
      <Skeleton height={200} />
      <Skeleton height={160} />
    </Stack>
  );
}
