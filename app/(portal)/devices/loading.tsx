import { Skeleton, Stack } from "@mantine/core";

export default function Loading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading devices">
      <Skeleton height={32} width="30%" />
      <Skeleton height={16} width="50%" />
      <Skeleton height={240} />
    </Stack>
  );
}
