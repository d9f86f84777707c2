import { Skeleton, Stack } from "@mantine/core";

export default function Loading() {
  return (
    <Stack aria-busy="true" aria-label="Loading project">
      <Skeleton h={36} w="40%" />
      <Skeleton h={18} w="60%" />
      <Skeleton h={40} />
      <Skeleton h={240} />
    </Stack>
  );
}
