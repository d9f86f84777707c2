// Colours that read: Mantine's defaults put grey "dimmed" text at 3.3:1 on white, white labels on green, orange or
// teal buttons below 3:1, and yellow "light" badges at 2.8:1, under WCAG AA's 4.5:1 for text. This resolver keeps
// the palette and moves each text colour just far enough (darker in light, lighter in dark) to reach AA against the
// backgrounds it is drawn on; tests/unit/shell/contrast.test.ts checks every colour in both schemes.
import { darken, lighten, luminance, type CSSVariablesResolver, type MantineTheme } from "@mantine/core";

/** WCAG's AA for normal text is 4.5:1; a little more leaves room for rounding in the browser. */
export const MIN_CONTRAST = 4.6;

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `color` darkened (or lightened) in small steps until it reaches MIN_CONTRAST against every background. */
export function readable(color: string, backgrounds: readonly string[], direction: "darker" | "lighter"): string {
  for (let step = 0; step <= 20; step++) {
    const candidate =
      step === 0 ? color : direction === "darker" ? darken(color, step * 0.05) : lighten(color, step * 0.05);
    if (backgrounds.every((bg) => contrastRatio(candidate, bg) >= MIN_CONTRAST)) return candidate;
  }
  return direction === "darker" ? "#000000" : "#ffffff";
}

const WHITE = "#ffffff";

/** The colours the resolver sets, by scheme; exported for the test. */
export function readableVariables(theme: MantineTheme): {
  light: Record<string, string>;
  dark: Record<string, string>;
} {
  const light: Record<string, string> = {};
  const dark: Record<string, string> = {};
  const gray = theme.colors.gray;
  const darkPalette = theme.colors.dark;
  const lightShade = typeof theme.primaryShade === "number" ? theme.primaryShade : theme.primaryShade.light;
  const darkShade = typeof theme.primaryShade === "number" ? theme.primaryShade : theme.primaryShade.dark;
  // Page, card and striped-row backgrounds of each scheme.
  const lightPage = [WHITE, gray[0], gray[1]];
  const darkPage = [darkPalette[7], darkPalette[6], darkPalette[5]];
  light["--mantine-color-dimmed"] = readable(gray[6], lightPage, "darker");
  dark["--mantine-color-dimmed"] = readable(darkPalette[2], darkPage, "lighter");
  // A file input's placeholder is a span that says what to do ("Choose a file"): it reads like dimmed text.
  light["--mantine-color-placeholder"] = light["--mantine-color-dimmed"];
  dark["--mantine-color-placeholder"] = dark["--mantine-color-dimmed"];
  for (const [name, shades] of Object.entries(theme.colors)) {
    if (name === "dark") continue;
    // Text in a colour (c="red", anchors), and the label of a "light" badge or alert on its tinted background.
    light[`--mantine-color-${name}-text`] = readable(shades[lightShade], lightPage, "darker");
    // An outline badge or button draws its label in the outline colour on the page.
    light[`--mantine-color-${name}-outline`] = readable(shades[lightShade], lightPage, "darker");
    dark[`--mantine-color-${name}-outline`] = readable(shades[Math.max(darkShade - 4, 0)], darkPage, "lighter");
    light[`--mantine-color-${name}-light-color`] = readable(shades[9], [shades[1], shades[2], WHITE], "darker");
    // A filled button or badge carries white text: its background darkens until white reads on it.
    const filled = readable(shades[lightShade], [WHITE], "darker");
    light[`--mantine-color-${name}-filled`] = filled;
    light[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.1);
    dark[`--mantine-color-${name}-text`] = readable(shades[4], darkPage, "lighter");
    const darkFilled = readable(shades[darkShade], [WHITE], "darker");
    dark[`--mantine-color-${name}-filled`] = darkFilled;
    dark[`--mantine-color-${name}-filled-hover`] = darken(darkFilled, 0.1);
  }
  // A link also sits in tinted alerts and badges of any colour.
  const tints = Object.entries(theme.colors)
    .filter(([name]) => name !== "dark")
    .map(([, shades]) => shades[1]);
  light["--mantine-color-anchor"] = readable(
    theme.colors[theme.primaryColor][lightShade],
    [...lightPage, ...tints],
    "darker",
  );
  dark["--mantine-color-anchor"] = dark[`--mantine-color-${theme.primaryColor}-text`];
  return { light, dark };
}

export const readableColors: CSSVariablesResolver = (theme) => ({ variables: {}, ...readableVariables(theme) });
