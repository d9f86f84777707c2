"use client";
// The form designer's canvas: every tab one under the other, its sections and their fields, each (tabs too)
// sortable by drag and drop and by the keyboard (a grip button: Space picks up, arrows move, Space drops). Clicking a part selects it
// for the property panel. Renders only; the designer decides what a drop does.
import { memo } from "react";
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { useDroppable } from "@dnd-kit/core";
import { SortableContext, rectSortingStrategy, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { IconLock, IconMap, IconPlus, IconTable, IconX } from "@tabler/icons-react";
import { labelOf, type Column } from "@/lib/metadata/schema";
import type { FieldsTab, Form, FormField, FormSection, FormTab } from "@/lib/forms/schema";
import { requiredLock } from "@/lib/forms/designer-ops";
import { useSameIds } from "@/components/editor/use-same-ids";
import { DragGrip } from "./drag-grip";

// Accessible names hold the visible text and badges, so what a speech-input user reads on screen is what they can
// say; a tab is named by its visible title and kind alone.
const TAB_BADGE: Record<FormTab["kind"], string> = { fields: "tab", map: "map", associated: "associated list" };

export function sectionEndId(sectionId: string): string {
  return `end:${sectionId}`;
}

interface CanvasProps {
  form: Form;
  columns: ReadonlyMap<string, Column>;
  selectedId: string | undefined;
  readOnly: boolean;
  onSelect(id: string | undefined): void;
  onRemove(id: string): void;
  onAddSection(tabId: string): void;
}

/** What a tab's card needs: not the form, so that a move in one tab re-renders that tab's card only (memo). */
type CardProps = Omit<CanvasProps, "form">;

export function FormCanvas(props: CanvasProps) {
  const { form, ...cardProps } = props;
  const tabIds = useSameIds(form.tabs.map((t) => t.id));
  if (form.tabs.length === 0)
    return (
      <Paper withBorder p="lg">
        <Text size="sm" c="dimmed" ta="center">
          This form has no tabs yet: add one with “Add tab”.
        </Text>
      </Paper>
    );
  return (
    <Stack gap="md" data-testid="form-canvas">
      <SortableContext items={tabIds} strategy={verticalListSortingStrategy}>
        {form.tabs.map((tab) => (
          <TabCard key={tab.id} tab={tab} {...cardProps} />
        ))}
      </SortableContext>
    </Stack>
  );
}

/** The × of a tab, section or field (a tab's says what it removes on hover: its card is large). */
function RemoveIcon({
  label,
  size = 14,
  tooltip = false,
  onClick,
}: {
  label: string;
  size?: number;
  tooltip?: boolean;
  onClick(): void;
}) {
  const icon = (
    <ActionIcon variant="subtle" color="gray" size="sm" aria-label={label} onClick={onClick}>
      <IconX size={size} />
    </ActionIcon>
  );
  return tooltip ? (
    <Tooltip label={label} withArrow>
      {icon}
    </Tooltip>
  ) : (
    icon
  );
}

function SelectButton({
  id,
  label,
  selected,
  onSelect,
  children,
}: {
  id: string;
  /** The accessible name when the visible text alone would not say what it is; else the visible text names it. */
  label?: string;
  selected: boolean;
  onSelect(id: string): void;
  children: React.ReactNode;
}) {
  return (
    <UnstyledButton
      onClick={() => onSelect(id)}
      aria-pressed={selected}
      aria-label={label}
      style={{ flex: 1, minWidth: 0, borderRadius: 4 }}
    >
      {children}
    </UnstyledButton>
  );
}

const TabCard = memo(function TabCard({ tab, ...props }: CardProps & { tab: FormTab }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: tab.id,
    data: { type: "tab" },
    disabled: props.readOnly,
  });
  const selected = props.selectedId === tab.id;
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      radius="md"
      data-tab={tab.label}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        opacity: isDragging ? 0.5 : 1,
        position: "relative",
        zIndex: isDragging ? 2 : undefined,
        borderColor: selected ? "var(--mantine-primary-color-filled)" : undefined,
        borderWidth: selected ? 2 : 1,
      }}
    >
      <Group gap="xs" px="sm" py={6} style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}>
        {!props.readOnly ? (
          <DragGrip label={`Move tab ${tab.label}`} attributes={attributes} listeners={listeners} />
        ) : null}
        <SelectButton id={tab.id} selected={selected} onSelect={props.onSelect}>
          <Group gap={6}>
            <Text fw={700} size="sm">
              {tab.label}
            </Text>
            <Badge
              size="xs"
              variant="light"
              color={tab.kind === "fields" ? "blue" : tab.kind === "map" ? "teal" : "grape"}
            >
              {TAB_BADGE[tab.kind]}
            </Badge>
          </Group>
        </SelectButton>
        {!props.readOnly ? (
          <RemoveIcon label={`Remove tab ${tab.label}`} tooltip onClick={() => props.onRemove(tab.id)} />
        ) : null}
      </Group>
      <Box p="sm">
        {tab.kind === "fields" ? (
          <FieldsTabBody tab={tab} {...props} />
        ) : tab.kind === "associated" ? (
          <Group gap={6}>
            <IconTable size={16} />
            <Text size="sm">
              Rows of {tab.table} through {tab.relationship}
              {tab.allowCreate ? ", users can add new ones" : ""}
            </Text>
          </Group>
        ) : (
          <Group gap={6}>
            <IconMap size={16} />
            <Text size="sm">
              Map at {tab.latitude}, {tab.longitude}
            </Text>
          </Group>
        )}
      </Box>
    </Paper>
  );
});

function FieldsTabBody({ tab, ...props }: CardProps & { tab: FieldsTab }) {
  const sectionIds = useSameIds(tab.sections.map((s) => s.id));
  return (
    <Stack gap="sm">
      <SortableContext items={sectionIds} strategy={verticalListSortingStrategy}>
        {tab.sections.map((section) => (
          <SectionCard key={section.id} section={section} tabId={tab.id} {...props} />
        ))}
      </SortableContext>
      {tab.sections.length === 0 ? (
        <Text size="xs" c="dimmed">
          No sections in this tab.
        </Text>
      ) : null}
      {!props.readOnly ? (
        <Group>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconPlus size={12} />}
            onClick={() => props.onAddSection(tab.id)}
          >
            Add section to {tab.label}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** Memo: a move in one section of a tab re-renders that section's card, not its neighbours'. */
const SectionCard = memo(function SectionCard({
  section,
  tabId,
  ...props
}: CardProps & { section: FormSection; tabId: string }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: section.id,
    data: { type: "section", tabId },
    disabled: props.readOnly,
  });
  const { setNodeRef: setEndRef, isOver } = useDroppable({
    id: sectionEndId(section.id),
    data: { type: "section-end", sectionId: section.id, empty: section.fields.length === 0 },
  });
  const selected = props.selectedId === section.id;
  const fieldIds = useSameIds(section.fields.map((f) => f.id));
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      radius="sm"
      data-section={section.label}
      style={{
        transform: CSS.Translate.toString(transform),
        transition: transition,
        opacity: isDragging ? 0.5 : 1,
        borderColor: selected ? "var(--mantine-primary-color-filled)" : undefined,
        borderWidth: selected ? 2 : 1,
      }}
    >
      <Group gap={4} px={6} py={4} wrap="nowrap" bg="var(--mantine-color-default-hover)">
        {!props.readOnly ? (
          <DragGrip label={`Move section ${section.label}`} attributes={attributes} listeners={listeners} />
        ) : null}
        <SelectButton
          id={section.id}
          label={`Section ${section.label}${section.columns === 2 ? " 2 columns" : ""}${section.showLabel ? "" : " label hidden"}`}
          selected={selected}
          onSelect={props.onSelect}
        >
          <Group gap={6}>
            <Text size="sm" fw={600}>
              {section.label}
            </Text>
            {section.columns === 2 ? (
              <Badge size="xs" variant="outline" color="gray">
                2 columns
              </Badge>
            ) : null}
            {!section.showLabel ? (
              <Badge size="xs" variant="outline" color="gray">
                label hidden
              </Badge>
            ) : null}
          </Group>
        </SelectButton>
        {!props.readOnly ? (
          <RemoveIcon label={`Remove section ${section.label}`} onClick={() => props.onRemove(section.id)} />
        ) : null}
      </Group>
      <Box
        ref={setEndRef}
        p={6}
        style={{
          minHeight: 44,
          background: isOver ? "var(--mantine-primary-color-light)" : undefined,
          borderRadius: 4,
        }}
      >
        <SortableContext
          items={fieldIds}
          strategy={section.columns === 2 ? rectSortingStrategy : verticalListSortingStrategy}
        >
          <SimpleGrid cols={section.columns} spacing={4} verticalSpacing={4}>
            {section.fields.map((field) => (
              <FieldRow
                key={field.id}
                field={field}
                column={props.columns.get(field.column)}
                selected={props.selectedId === field.id}
                readOnly={props.readOnly}
                onSelect={props.onSelect}
                onRemove={props.onRemove}
              />
            ))}
          </SimpleGrid>
        </SortableContext>
        {section.fields.length === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py={6}>
            Drop columns here.
          </Text>
        ) : null}
      </Box>
    </Paper>
  );
});

const FieldRow = memo(function FieldRow({
  field,
  column,
  selected,
  readOnly,
  onSelect,
  onRemove,
}: {
  field: FormField;
  column: Column | undefined;
  selected: boolean;
  readOnly: boolean;
  onSelect(id: string): void;
  onRemove(id: string): void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: field.id,
    data: { type: "field" },
    disabled: readOnly,
  });
  const label = field.label ?? labelOf(column?.displayName, field.column);
  const locked = requiredLock(column);
  return (
    <Group
      ref={setNodeRef}
      gap={4}
      wrap="nowrap"
      px={4}
      py={2}
      data-field={field.column}
      style={{
        transform: CSS.Translate.toString(transform),
        transition: transition,
        opacity: isDragging ? 0.5 : 1,
        borderRadius: 4,
        border: `1px solid ${selected ? "var(--mantine-primary-color-filled)" : "var(--mantine-color-default-border)"}`,
        background: "var(--mantine-color-body)",
      }}
    >
      {!readOnly ? <DragGrip label={`Move field ${label}`} attributes={attributes} listeners={listeners} /> : null}
      <SelectButton
        id={field.id}
        label={`Field ${label}${field.readOnly ? " read-only" : ""}${field.hidden ? " hidden" : ""}`}
        selected={selected}
        onSelect={onSelect}
      >
        <Group gap={4} wrap="nowrap">
          <Text size="xs" fw={500} truncate>
            {label}
          </Text>
          {field.required ? (
            <Text span c="red" size="xs" aria-label="required">
              *
            </Text>
          ) : null}
          {locked ? <IconLock size={10} aria-label="required by Dataverse" /> : null}
          {field.readOnly ? (
            <Badge size="xs" variant="outline" color="gray">
              read-only
            </Badge>
          ) : null}
          {field.hidden ? (
            <Badge size="xs" variant="outline" color="gray">
              hidden
            </Badge>
          ) : null}
        </Group>
      </SelectButton>
      {!readOnly ? <RemoveIcon label={`Remove field ${label}`} size={12} onClick={() => onRemove(field.id)} /> : null}
    </Group>
  );
});
