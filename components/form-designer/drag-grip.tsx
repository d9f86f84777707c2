"use client";
// The grip of everything the designers sort by drag and drop (tabs, sections, fields, view columns): a button the
// pointer drags and the keyboard picks up (Space), named by what it moves ("Move field Email").
import { ActionIcon } from "@mantine/core";
import type { DraggableAttributes, DraggableSyntheticListeners } from "@dnd-kit/core";
import { IconGripVertical } from "@tabler/icons-react";

export function DragGrip({
  label,
  attributes,
  listeners,
  disabled = false,
}: {
  label: string;
  attributes: DraggableAttributes;
  listeners: DraggableSyntheticListeners;
  disabled?: boolean;
}) {
  return (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="sm"
      aria-label={label}
      disabled={disabled}
      style={{ cursor: disabled ? "default" : "grab", touchAction: "none" }}
      {...(disabled ? {} : { ...attributes, ...listeners })}
    >
      <IconGripVertical size={14} />
    </ActionIcon>
  );
}
