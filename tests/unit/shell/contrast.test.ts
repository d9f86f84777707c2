// Every text colour the readable-colour resolver sets reaches WCAG AA (4.5:1) against the backgrounds it is drawn
// on, in both schemes, for every colour of the theme; and Mantine's own defaults did not (so the test can fail).
import { describe, expect, it } from "vitest";
import { mergeMantineTheme, DEFAULT_THEME } from "@mantine/core";
import { theme } from "@/components/shell/theme";
import { contrastRatio, readableVariables } from "@/components/shell/contrast";

const full = mergeMantineTheme(DEFAULT_THEME, theme);
const { light, dark } = readableVariables(full);
const AA = 4.5;
const WHITE = "#ffffff";
const lightPages = [WHITE, full.colors.gray[0], full.colors.gray[1]];
const darkPages = [full.colors.dark[7], full.colors.dark[6], full.colors.dark[5]];
const colors = Object.keys(full.colors).filter((c) => c !== "dark");

describe("readable colours", () => {
  it("dims text without dropping under AA on any page background", () => {
    for (const bg of lightPages) expect(contrastRatio(light["--mantine-color-dimmed"], bg)).toBeGreaterThanOrEqual(AA);
    for (const bg of darkPages) expect(contrastRatio(dark["--mantine-color-dimmed"], bg)).toBeGreaterThanOrEqual(AA);
    // Mantine's default dimmed grey is what axe flagged.
    expect(contrastRatio(full.colors.gray[6], WHITE)).toBeLessThan(AA);
  });

  it.each(colors)("%s: coloured text, light badges and filled buttons reach AA in light and dark", (name) => {
    const shades = full.colors[name];
    for (const bg of lightPages)
      expect(contrastRatio(light[`--mantine-color-${name}-text`], bg)).toBeGreaterThanOrEqual(AA);
    for (const bg of [shades[1], shades[2]])
      expect(contrastRatio(light[`--mantine-color-${name}-light-color`], bg)).toBeGreaterThanOrEqual(AA);
    expect(contrastRatio(light[`--mantine-color-${name}-filled`], WHITE)).toBeGreaterThanOrEqual(AA);
    for (const bg of lightPages)
      expect(contrastRatio(light[`--mantine-color-${name}-outline`], bg)).toBeGreaterThanOrEqual(AA);
    for (const bg of darkPages)
      expect(contrastRatio(dark[`--mantine-color-${name}-outline`], bg)).toBeGreaterThanOrEqual(AA);
    for (const bg of darkPages)
      expect(contrastRatio(dark[`--mantine-color-${name}-text`], bg)).toBeGreaterThanOrEqual(AA);
    expect(contrastRatio(dark[`--mantine-color-${name}-filled`], WHITE)).toBeGreaterThanOrEqual(AA);
  });

  it("moves a colour only as far as it must: grey text is not pushed to black, links read on every tint", () => {
    for (const bg of [...lightPages, ...colors.map((c) => full.colors[c][1])])
      expect(contrastRatio(light["--mantine-color-anchor"], bg)).toBeGreaterThanOrEqual(AA);
    expect(light["--mantine-color-gray-text"]).not.toBe("#000000");
  });
});
