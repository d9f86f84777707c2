"use client";
// The portal frame: header with the product name, colour-scheme toggle and account menu; navigation on the left.
import {
  AppShell,
  Burger,
  Group,
  NavLink,
  Text,
  Menu,
  UnstyledButton,
  Avatar,
  ActionIcon,
  useMantineColorScheme,
  useComputedColorScheme,
  Badge,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  IconServer,
  IconApps,
  IconDeviceMobile,
  IconListDetails,
  IconSettings,
  IconSun,
  IconMoon,
  IconLogout,
  IconChevronDown,
  IconRefresh,
  IconUserCircle,
} from "@tabler/icons-react";
import { accessFor, decideAccess } from "@/lib/auth/access-policy";

/** Entries the user's role cannot open are left out, by the same access table the proxy applies. */
const NAV = [
  { href: "/environments", label: "Environments", icon: IconServer },
  { href: "/projects", label: "Projects", icon: IconApps },
  { href: "/devices", label: "Devices", icon: IconDeviceMobile },
  { href: "/audit", label: "Audit log", icon: IconListDetails },
  { href: "/settings", label: "Settings", icon: IconSettings },
];

export interface ShellUser {
  name: string;
  email: string;
  role: string;
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme("light", { getInitialValueInEffect: true });
  const next = computed === "dark" ? "light" : "dark";
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} theme`}
        onClick={() => setColorScheme(next)}
      >
        {computed === "dark" ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

export function PortalShell({ user, children }: { user: ShellUser; children: React.ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const pathname = usePathname();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <IconRefresh size={22} stroke={2.2} color="var(--mantine-primary-color-filled)" aria-hidden />
            <Text fw={700} size="lg" component={Link} href="/projects">
              Syncwright
            </Text>
          </Group>
          <Group gap="sm">
            <ColorSchemeToggle />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton data-testid="account-menu">
                  <Group gap={8}>
                    <Avatar size={30} radius="xl" color="indigo">
                      {user.name.slice(0, 1).toUpperCase()}
                    </Avatar>
                    <div style={{ lineHeight: 1.1 }}>
                      <Text size="sm" fw={500}>
                        {user.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {user.email}
                      </Text>
                    </div>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  Signed in as{" "}
                  <Badge size="xs" variant="light">
                    {user.role}
                  </Badge>
                </Menu.Label>
                <Menu.Item component={Link} href="/account" leftSection={<IconUserCircle size={16} />}>
                  Account and password
                </Menu.Item>
                <form action="/auth/sign-out" method="post">
                  <Menu.Item component="button" type="submit" leftSection={<IconLogout size={16} />}>
                    Sign out
                  </Menu.Item>
                </form>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation">
        {NAV.filter((item) => decideAccess(accessFor(item.href), user.role) === "allow").map((item) => (
          <NavLink
            key={item.href}
            component={Link}
            href={item.href}
            label={item.label}
            leftSection={<item.icon size={18} stroke={1.6} />}
            active={pathname === item.href || pathname.startsWith(item.href + "/")}
            onClick={close}
            style={{ borderRadius: "var(--mantine-radius-md)" }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
