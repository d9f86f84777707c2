"use client";
// Never lose an edit: while an editor holds unsaved changes, leaving asks first. The one guard of every editor,
// for each way out: a link (Next's Link or a plain anchor: clicks are caught before the router sees them), the
// back button (a guard entry in the history absorbs the first step back), and closing or reloading the tab
// (the browser's own beforeunload prompt).
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Button, Group, Modal, Stack, Text } from "@mantine/core";

/** Marks the history entry the guard adds on top of the editor's own (same URL, Next's state copied). */
const GUARD_KEY = "syncwrightLeaveGuard";

const onGuardEntry = () => (window.history.state as Record<string, unknown> | null)?.[GUARD_KEY] === true;

/** Where a click on this anchor would take the app, or null when it is not an in-app navigation to guard. */
function guardedTarget(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = (event.target as Element | null)?.closest?.("a[href]");
  if (!(anchor instanceof HTMLAnchorElement)) return null;
  if (anchor.hasAttribute("download") || (anchor.target && anchor.target !== "_self")) return null;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  // A jump within the page (#columns-fax) leaves nothing behind.
  if (url.pathname === window.location.pathname && url.search === window.location.search) return null;
  return url.pathname + url.search + url.hash;
}

type Leaving = { kind: "link"; href: string } | { kind: "back" };

export function LeaveGuard({
  when,
  what = "your changes",
}: {
  /** Whether the editor holds unsaved changes. */
  when: boolean;
  /** What would be lost, as the question names it: "the changes to contact". */
  what?: string;
}) {
  const router = useRouter();
  const [asking, setAsking] = useState<Leaving | null>(null);
  const guarding = useRef(false);
  const leaving = useRef(false);
  /** The editor's own address: stepping back onto it (off the guard entry) is leaving. */
  const editorHref = useRef("");

  useEffect(() => {
    guarding.current = when;
    if (!when) return;
    leaving.current = false;

    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!leaving.current) event.preventDefault();
    };
    const click = (event: MouseEvent) => {
      const href = guardedTarget(event);
      if (href === null || leaving.current) return;
      event.preventDefault();
      event.stopPropagation();
      setAsking({ kind: "link", href });
    };
    const popState = () => {
      // Stepping back off the guard entry lands on the editor's own entry: the page is still the editor, and
      // the next step would leave it. A jump within the page (#columns-fax) fires popstate too: not leaving.
      if (leaving.current || onGuardEntry() || window.location.href !== editorHref.current) return;
      setAsking({ kind: "back" });
    };
    editorHref.current = window.location.href;
    if (!onGuardEntry()) window.history.pushState({ [GUARD_KEY]: true }, "");
    window.addEventListener("beforeunload", beforeUnload);
    // Capture on the document: before React's own listener on its root, so Next's Link never sees the click.
    document.addEventListener("click", click, true);
    window.addEventListener("popstate", popState);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
      window.removeEventListener("popstate", popState);
    };
  }, [when]);

  function stay() {
    // The back button used up the guard entry: put it back so the next step back asks again.
    if (asking?.kind === "back" && guarding.current && !onGuardEntry()) {
      editorHref.current = window.location.href;
      window.history.pushState({ [GUARD_KEY]: true }, "");
    }
    setAsking(null);
  }

  function leave() {
    const target = asking;
    setAsking(null);
    leaving.current = true;
    if (target?.kind === "back") {
      window.history.back();
    } else if (target?.kind === "link" && target.href.startsWith("/api/")) {
      window.location.assign(target.href);
    } else if (target?.kind === "link") {
      // The guard entry is a copy of this page: the new page takes its place, so "back" returns to the editor once.
      if (onGuardEntry()) router.replace(target.href);
      else router.push(target.href);
    }
  }

  return (
    <Modal opened={asking !== null} onClose={stay} title="Leave without saving?" size={480} centered>
      <Stack>
        <Text size="sm">You have not saved {what}. If you leave now, they are lost.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={stay} data-autofocus>
            Stay and keep editing
          </Button>
          <Button color="red" onClick={leave}>
            Leave and discard
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
