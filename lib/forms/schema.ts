// The views and forms model: the lists (views) and records (forms) a device shows for a table, as the one zod
// schema that feeds the designer, the project document, the bundle and its JSON Schema. Safe to import anywhere.
import { z } from "zod";
import { LogicalNameSchema, displayNameSchema, rejectDuplicates } from "@/lib/customization/schema-blocks";
import { FilterGroupSchema } from "@/lib/filters/schema";
import { ElementIdSchema } from "@/lib/forms/element-id";
import { FormRulesSchema } from "@/lib/forms/rules/schema";
import { formatIssuePath } from "@/lib/parse-input";

// ---------- limits (the one place; validation and the designer read them from here) ----------

export const MAX_VIEWS_PER_TABLE = 100;
export const MAX_FORMS_PER_TABLE = 50;
export const MAX_VIEW_COLUMNS = 100;
export const MAX_SORT_COLUMNS = 10;
export const MAX_HEADER_FIELDS = 4;
export const MAX_TABS_PER_FORM = 50;
export const MAX_SECTIONS_PER_TAB = 50;
export const MAX_FIELDS_PER_SECTION = 500;
export const MAX_FIELDS_PER_FORM = 1000;
export const LABEL_MAX = 200;
export const MIN_COLUMN_WIDTH = 20;
export const MAX_COLUMN_WIDTH = 2000;
export const DEFAULT_COLUMN_WIDTH = 150;

const label = (what: string) =>
  z.string().trim().min(1, `${what} cannot be empty`).max(LABEL_MAX, `${what} has at most ${LABEL_MAX} characters`);

/** Where an imported view or form came from in the org (kept so a later import can say "already imported"). */
export const OrgSourceSchema = z
  .strictObject({
    kind: z.enum(["savedquery", "systemform"]),
    id: ElementIdSchema.describe("The savedqueryid / formid, lowercase without braces."),
  })
  .describe("The org definition this was imported from.");
export type OrgSource = z.infer<typeof OrgSourceSchema>;

// ---------- views ----------

export const ViewKindSchema = z
  .enum(["list", "lookup"])
  .describe("list: a list the user scrolls; lookup: the list a lookup picker shows.");
export type ViewKind = z.infer<typeof ViewKindSchema>;

export const ViewColumnSchema = z
  .strictObject({
    column: LogicalNameSchema,
    width: z
      .number()
      .int("A width is a whole number of pixels")
      .min(MIN_COLUMN_WIDTH, `A column is at least ${MIN_COLUMN_WIDTH} pixels wide`)
      .max(MAX_COLUMN_WIDTH, `A column is at most ${MAX_COLUMN_WIDTH} pixels wide`)
      .default(DEFAULT_COLUMN_WIDTH)
      .describe("Width in pixels at tablet size; a phone scales the list to its width."),
  })
  .describe("One column of a view.");
export type ViewColumn = z.infer<typeof ViewColumnSchema>;

export const ViewSortSchema = z
  .strictObject({
    column: LogicalNameSchema,
    descending: z.boolean().default(false),
  })
  .describe("One sort key of a view.");
export type ViewSort = z.infer<typeof ViewSortSchema>;

export const ROW_COLORS = [
  "gray",
  "red",
  "orange",
  "yellow",
  "green",
  "teal",
  "blue",
  "indigo",
  "violet",
  "pink",
] as const;
export const ROW_ICONS = [
  "circle",
  "star",
  "flag",
  "alert",
  "check",
  "clock",
  "phone",
  "mail",
  "lock",
  "heart",
] as const;

export const RowStyleSchema = z
  .strictObject({
    column: LogicalNameSchema.describe("A choice (option set) column of the table."),
    options: z
      .array(
        z.strictObject({
          value: z.number().int().describe("The option's value."),
          color: z.enum(ROW_COLORS).optional(),
          icon: z.enum(ROW_ICONS).optional(),
        }),
      )
      .max(200)
      .superRefine(rejectDuplicates((o: { value: number }) => String(o.value), "option"))
      .default([]),
  })
  .describe("A row's colour and icon by the value of a choice column.");
export type RowStyle = z.infer<typeof RowStyleSchema>;

export const ViewSchema = z
  .strictObject({
    id: ElementIdSchema,
    name: displayNameSchema("View name").describe("The view's name, unique within its table."),
    kind: ViewKindSchema.default("list"),
    isDefault: z.boolean().default(false).describe("The table's default view of its kind (one per kind)."),
    columns: z
      .array(ViewColumnSchema)
      .min(1, "A view shows at least one column")
      .max(MAX_VIEW_COLUMNS, `A view shows at most ${MAX_VIEW_COLUMNS} columns`)
      .superRefine(rejectDuplicates((c: ViewColumn) => c.column, "view column"))
      .describe("The columns the list shows, in display order."),
    sort: z
      .array(ViewSortSchema)
      .max(MAX_SORT_COLUMNS, `A view sorts by at most ${MAX_SORT_COLUMNS} columns`)
      .superRefine(rejectDuplicates((s: ViewSort) => s.column, "sort column"))
      .default([])
      .describe("Sort keys, most significant first."),
    filter: FilterGroupSchema.optional().describe("An extra filter applied on the device, on top of the sync filter."),
    rowStyle: RowStyleSchema.optional(),
    source: OrgSourceSchema.optional(),
  })
  .describe("A list definition of a table: columns, sort, optional extra filter.");
export type View = z.infer<typeof ViewSchema>;
export type ViewInput = z.input<typeof ViewSchema>;

// ---------- forms ----------

export const FormFieldSchema = z
  .strictObject({
    id: ElementIdSchema,
    column: LogicalNameSchema,
    label: label("A field label").optional().describe("Shown instead of the column's display name."),
    required: z
      .boolean()
      .default(false)
      .describe("The form requires a value; can only add to what Dataverse requires, never remove it."),
    readOnly: z.boolean().default(false).describe("The form shows the value but does not let the user edit it."),
    hidden: z.boolean().default(false).describe("On the form (rules can show it) but not shown when it opens."),
    lookupView: ElementIdSchema.optional().describe(
      "For a lookup: the id of the target table's view its picker shows.",
    ),
  })
  .describe("One field of a form, bound to a selected column of the table.");
export type FormField = z.infer<typeof FormFieldSchema>;
export type FormFieldInput = z.input<typeof FormFieldSchema>;

export const FormSectionSchema = z
  .strictObject({
    id: ElementIdSchema,
    label: label("Section label"),
    showLabel: z.boolean().default(true),
    columns: z
      .union([z.literal(1), z.literal(2)])
      .default(1)
      .describe("Fields laid out in 1 or 2 columns (a phone always shows 1)."),
    fields: z
      .array(FormFieldSchema)
      .max(MAX_FIELDS_PER_SECTION, `A section has at most ${MAX_FIELDS_PER_SECTION} fields`)
      .default([]),
  })
  .describe("A titled group of fields.");
export type FormSection = z.infer<typeof FormSectionSchema>;

export const FieldsTabSchema = z
  .strictObject({
    kind: z.literal("fields"),
    id: ElementIdSchema,
    label: label("Tab label"),
    sections: z
      .array(FormSectionSchema)
      .max(MAX_SECTIONS_PER_TAB, `A tab has at most ${MAX_SECTIONS_PER_TAB} sections`)
      .default([]),
  })
  .describe("A tab of sections and fields.");
export type FieldsTab = z.infer<typeof FieldsTabSchema>;

export const AssociatedListTabSchema = z
  .strictObject({
    kind: z.literal("associated"),
    id: ElementIdSchema,
    label: label("Tab label"),
    table: LogicalNameSchema.describe("The related table whose rows the list shows."),
    relationship: z
      .string()
      .min(1)
      .max(128)
      .describe("The relationship's schema name (one-to-many from this table, or many-to-many)."),
    view: ElementIdSchema.optional().describe("The id of the related table's view the list shows (else its default)."),
    allowCreate: z.boolean().default(false).describe("Whether the user may add new related rows from the list."),
  })
  .describe("A tab listing the related rows of another table.");
export type AssociatedListTab = z.infer<typeof AssociatedListTabSchema>;

export const MapTabSchema = z
  .strictObject({
    kind: z.literal("map"),
    id: ElementIdSchema,
    label: label("Tab label"),
    latitude: LogicalNameSchema.describe("A latitude column, e.g. address1_latitude."),
    longitude: LogicalNameSchema.describe("A longitude column, e.g. address1_longitude."),
  })
  .describe("A tab showing the row on a map.");
export type MapTab = z.infer<typeof MapTabSchema>;

export const FormTabSchema = z.discriminatedUnion("kind", [FieldsTabSchema, AssociatedListTabSchema, MapTabSchema]);
export type FormTab = z.infer<typeof FormTabSchema>;
export type FormTabKind = FormTab["kind"];

export const FormKindSchema = z
  .enum(["main", "quickCreate"])
  .describe("main: the edit/detail form; quickCreate: the short form for a new row.");
export type FormKind = z.infer<typeof FormKindSchema>;

export const HeaderFieldSchema = z
  .strictObject({ id: ElementIdSchema, column: LogicalNameSchema })
  .describe("A field shown in the form's header, above the tabs.");
export type HeaderField = z.infer<typeof HeaderFieldSchema>;

/** Every id inside a form (header fields, tabs, sections, fields, rules), for uniqueness and for rules to point at. */
export function formElementIds(form: {
  header: ReadonlyArray<{ id: string }>;
  tabs: ReadonlyArray<FormTab>;
  rules?: ReadonlyArray<{ id: string }>;
}): Array<{ id: string; path: Array<string | number> }> {
  const ids: Array<{ id: string; path: Array<string | number> }> = [];
  form.header.forEach((h, i) => ids.push({ id: h.id, path: ["header", i, "id"] }));
  form.tabs.forEach((tab, t) => {
    ids.push({ id: tab.id, path: ["tabs", t, "id"] });
    if (tab.kind !== "fields") return;
    tab.sections.forEach((section, s) => {
      ids.push({ id: section.id, path: ["tabs", t, "sections", s, "id"] });
      section.fields.forEach((field, f) =>
        ids.push({ id: field.id, path: ["tabs", t, "sections", s, "fields", f, "id"] }),
      );
    });
  });
  form.rules?.forEach((rule, r) => ids.push({ id: rule.id, path: ["rules", r, "id"] }));
  return ids;
}

export const FormObjectSchema = z.strictObject({
  id: ElementIdSchema,
  name: displayNameSchema("Form name").describe("The form's name, unique within its table."),
  kind: FormKindSchema.default("main"),
  header: z
    .array(HeaderFieldSchema)
    .max(MAX_HEADER_FIELDS, `A form header has at most ${MAX_HEADER_FIELDS} fields`)
    .default([]),
  tabs: z.array(FormTabSchema).max(MAX_TABS_PER_FORM, `A form has at most ${MAX_TABS_PER_FORM} tabs`).default([]),
  rules: FormRulesSchema,
  source: OrgSourceSchema.optional(),
});

export const FormSchema = FormObjectSchema.superRefine((form, ctx) => {
  const ids = formElementIds(form);
  const seen = new Map<string, number>(); // the first index of each id; its path is written only for a duplicate
  for (let i = 0; i < ids.length; i++) {
    const { id, path } = ids[i];
    const first = seen.get(id);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `Duplicate id '${id}' in the form (also at ${formatIssuePath(ids[first].path)})`,
      });
    } else {
      seen.set(id, i);
    }
  }
  const fieldCount = form.tabs.reduce(
    (n, tab) => n + (tab.kind === "fields" ? tab.sections.reduce((m, s) => m + s.fields.length, 0) : 0),
    0,
  );
  if (fieldCount > MAX_FIELDS_PER_FORM) {
    ctx.addIssue({
      code: "custom",
      path: ["tabs"],
      message: `A form has at most ${MAX_FIELDS_PER_FORM} fields (this one has ${fieldCount})`,
    });
  }
}).describe("An edit/detail form of a table: header, tabs (fields, associated lists, map) and rules.");
export type Form = z.infer<typeof FormSchema>;
export type FormInput = z.input<typeof FormSchema>;

// ---------- a table's views and forms ----------

export const TableViewsSchema = z
  .array(ViewSchema)
  .max(MAX_VIEWS_PER_TABLE, `A table has at most ${MAX_VIEWS_PER_TABLE} views`)
  .superRefine(rejectDuplicates((v: View) => v.id, "view id"))
  .superRefine(
    rejectDuplicates(
      (v: View) => v.name.toLowerCase(),
      "view name",
      (v) => v.name,
    ),
  )
  .superRefine((views, ctx) => {
    for (const kind of ViewKindSchema.options) {
      const defaults = views.flatMap((v, i) => (v.kind === kind && v.isDefault ? [i] : []));
      for (const index of defaults.slice(1)) {
        ctx.addIssue({
          code: "custom",
          path: [index, "isDefault"],
          message: `Only one default ${kind} view per table ('${views[defaults[0]].name}' is the default)`,
        });
      }
    }
  })
  .default([])
  .describe("The table's views, in the order the device lists them.");

export const TableFormsSchema = z
  .array(FormSchema)
  .max(MAX_FORMS_PER_TABLE, `A table has at most ${MAX_FORMS_PER_TABLE} forms`)
  .superRefine(rejectDuplicates((f: Form) => f.id, "form id"))
  .superRefine(
    rejectDuplicates(
      (f: Form) => f.name.toLowerCase(),
      "form name",
      (f) => f.name,
    ),
  )
  .default([])
  .describe("The table's forms; the first main form is the one the device opens.");
