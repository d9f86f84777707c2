"use client";
// One value in the rules' string convention, typed by its column: an option select for choices and booleans, a
// date input for dates, a number input for numbers, text otherwise.
import { NativeSelect, TextInput } from "@mantine/core";
import type { Column } from "@/lib/metadata/schema";
import { optionItems } from "./rule-options";

const NUMBER_TYPES = new Set(["integer", "bigint", "decimal", "double", "money"]);

export function ValueInput({
  column,
  value,
  label,
  disabled,
  onChange,
}: {
  column: Column | undefined;
  value: string;
  label: string;
  disabled?: boolean;
  onChange(value: string): void;
}) {
  const options = optionItems(column);
  if (options) {
    return (
      <NativeSelect
        size="xs"
        aria-label={label}
        disabled={disabled}
        value={value}
        data={[{ value: "", label: "Pick a value" }, ...options]}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  }
  const type = column?.type === "datetime" ? "date" : column && NUMBER_TYPES.has(column.type) ? "number" : "text";
  return (
    <TextInput
      size="xs"
      type={type}
      aria-label={label}
      disabled={disabled}
      value={type === "date" ? value.slice(0, 10) : value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
