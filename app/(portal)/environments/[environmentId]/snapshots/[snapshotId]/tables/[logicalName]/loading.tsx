import { Skeleton, Stack } from "@mantine/core";

export default function Loading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the table">
      <Skeleton height={28} width={280} />
      <Skeleton height={16} width={420} />
      <Skeleton height={36} width={420} />
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} height={56} />
      ))}
    </Stack>
  );
}
