"use client";
// The fixed icons a view's rows may carry (lib/forms/schema.ts ROW_ICONS), drawn the same in the view designer's
// picker and in the live list preview.
import {
  IconAlertTriangle,
  IconCheck,
  IconCircleFilled,
  IconClock,
  IconFlagFilled,
  IconHeartFilled,
  IconLock,
  IconMail,
  IconPhone,
  IconStarFilled,
  type Icon,
} from "@tabler/icons-react";
import type { RowColor, RowIcon as RowIconName } from "@/lib/forms/row-style";

const ICONS: Record<RowIconName, Icon> = {
  circle: IconCircleFilled,
  star: IconStarFilled,
  flag: IconFlagFilled,
  alert: IconAlertTriangle,
  check: IconCheck,
  clock: IconClock,
  phone: IconPhone,
  mail: IconMail,
  lock: IconLock,
  heart: IconHeartFilled,
};

/** The CSS colour of a row colour: shade 6, readable on light and dark backgrounds (gray included). */
export function rowColorVar(color: RowColor): string {
  return `var(--mantine-color-${color}-6)`;
}

export function RowIcon({ icon, color, size = 14 }: { icon: RowIconName; color?: RowColor; size?: number }) {
  const Glyph = ICONS[icon];
  return <Glyph size={size} aria-hidden style={{ flex: "none", color: color ? rowColorVar(color) : undefined }} />;
}
