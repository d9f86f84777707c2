import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { ColorSchemeScript, mantineHtmlProps } from "@mantine/core";
import { MantineRoot } from "@/components/shell/mantine-root";

export const metadata: Metadata = {
  title: { default: "Syncwright", template: "%s · Syncwright" },
  description: "Configure what mobile Dynamics 365 clients take offline.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" {...mantineHtmlProps}>
      <head>
        <ColorSchemeScript nonce={nonce} defaultColorScheme="auto" />
      </head>
      <body>
        <MantineRoot>{children}</MantineRoot>
      </body>
    </html>
  );
}
