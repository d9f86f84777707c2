"use client";
// The Mantine provider with the theme and the readable-colour resolver: a client component, because the resolver is a
// function and the root layout (a server component) cannot hand a function to a client component.
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { theme } from "./theme";
import { readableColors } from "./contrast";

export function MantineRoot({ children }: { children: React.ReactNode }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={readableColors}>
      <Notifications position="top-right" />
      {children}
    </MantineProvider>
  );
}
