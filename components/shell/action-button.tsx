"use client";
// A compact button that runs one server action in a transition and, when the action is refused, says why beside it
// (InlineError, also for forms that show an action's refusal themselves).
import { useState, useTransition, type ReactNode } from "react";
import { Button, Group, Text, type MantineColor } from "@mantine/core";

/** An action's refusal in words, read out by screen readers; nothing when there is none. */
export function InlineError({ error }: { error: string | null }) {
  return error ? (
    <Text size="xs" c="red" role="alert">
      {error}
    </Text>
  ) : null;
}

/** `run` performs the action and resolves to the refusal to show, or null when it went through. */
export function ActionButton({
  children,
  color,
  run,
}: {
  children: ReactNode;
  color: MantineColor;
  run: () => Promise<string | null>;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <Group gap="xs">
      <Button
        size="compact-xs"
        variant="subtle"
        color={color}
        loading={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            setError(await run());
          })
        }
      >
        {children}
      </Button>
      <InlineError error={error} />
    </Group>
  );
}
