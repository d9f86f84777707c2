// The Mantine theme shared by every screen.
import { createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  fontFamily: "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
  headings: { fontFamily: "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif" },
  components: {
    // A badge's label hides its overflow, so its smallest width is its padding: in a table cell or a narrow flex
    // row it shrinks to "7 WARNIN...". A badge is a short fact; it keeps its whole label and the layout makes room.
    // A plain object, not Badge.extend(): the theme is read by the root layout, a server component.
    Badge: { styles: { root: { minWidth: "max-content" } } },
    // A link in a sentence must not be told apart by colour alone (axe's link-in-text-block): always underlined.
    Anchor: { defaultProps: { underline: "always" } },
    // Every dialog's close button has a name (axe's button-name: Mantine's is an icon only), and its header is not a
    // second banner landmark beside the shell's (a <header> outside any section is one; axe's
    // landmark-no-duplicate-banner): the title inside it still names the dialog.
    Modal: { defaultProps: { closeButtonProps: { "aria-label": "Close" } } },
    ModalHeader: { defaultProps: { role: "none" } },
  },
});
