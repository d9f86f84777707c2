// Metadata for the filter tests: the real Web API metadata of ../shared/data/dataverse (contact, systemuser,
// annotation, ...) plus a few small tables built here where the real files have none (account, appointment).
import path from "node:path";
import { readMetadataSource } from "@/lib/metadata/read-source";
import type { Column, MetadataDocument, Relationship, Table } from "@/lib/metadata/schema";
import { DATAVERSE_DIR } from "./saved-views";

let real: Promise<MetadataDocument> | undefined;

/** The normalized metadata of webapi-entitydefinitions/ (read once per test file). */
export function realMetadata(): Promise<MetadataDocument> {
  real ??= readMetadataSource(path.join(DATAVERSE_DIR, "webapi-entitydefinitions")).then((s) => s.document);
  return real;
}

export function column(
  logicalName: string,
  type: Column["type"],
  display: string,
  extra: Partial<Column> = {},
): Column {
  return {
    logicalName,
    displayName: { "1033": display },
    type,
    requiredLevel: "None",
    validForRead: true,
    validForCreate: true,
    validForUpdate: true,
    secured: false,
    custom: false,
    ...extra,
  };
}

export function table(
  logicalName: string,
  display: string,
  plural: string,
  primaryIdColumn: string,
  columns: Column[],
  extra: Partial<Table> = {},
): Table {
  return {
    logicalName,
    displayName: { "1033": display },
    displayCollectionName: { "1033": plural },
    primaryIdColumn,
    ownership: "user",
    isActivity: false,
    isIntersect: false,
    custom: false,
    partial: false,
    columns: [column(primaryIdColumn, "uniqueidentifier", display), ...columns],
    ...extra,
  };
}

const state = (labels: [number, string][]) => ({
  global: false,
  options: labels.map(([value, l]) => ({ value, labels: { "1033": l } })),
});

export const ACCOUNT = table("account", "Account", "Accounts", "accountid", [
  column("name", "string", "Account Name", { maxLength: 160 }),
  column("statecode", "state", "Status", {
    optionSet: state([
      [0, "Active"],
      [1, "Inactive"],
    ]),
  }),
  column("ownerid", "owner", "Owner", { targets: ["systemuser", "team"] }),
  column("owningbusinessunit", "lookup", "Owning Business Unit", { targets: ["businessunit"] }),
  column("primarycontactid", "lookup", "Primary Contact", { targets: ["contact"] }),
  column("numberofemployees", "integer", "Number of Employees", { minValue: 0, maxValue: 1000000000 }),
  column("industries", "multiselect", "Industries", {
    optionSet: state([
      [1, "Retail"],
      [2, "Banking"],
      [3, "Farming"],
    ]),
  }),
  column("revenue", "money", "Annual Revenue"),
]);

export const APPOINTMENT = table("appointment", "Appointment", "Appointments", "activityid", [
  column("scheduledstart", "datetime", "Start Time", { dateTimeFormat: "DateAndTime" }),
  column("ownerid", "owner", "Owner", { targets: ["systemuser", "team"] }),
  column("regardingobjectid", "lookup", "Regarding", { targets: ["account", "contact"] }),
  column("requiredattendees", "partylist", "Required Attendees"),
]);

export const SETTING = table(
  "new_setting",
  "Setting",
  "Settings",
  "new_settingid",
  [column("new_name", "string", "Name")],
  { ownership: "organization" },
);

export const EXTRA_RELATIONSHIPS: Relationship[] = [
  {
    schemaName: "account_primary_contact",
    kind: "one-to-many",
    referencedTable: "contact",
    referencedColumn: "contactid",
    referencingTable: "account",
    referencingColumn: "primarycontactid",
  },
  {
    schemaName: "Account_Appointments",
    kind: "one-to-many",
    referencedTable: "account",
    referencedColumn: "accountid",
    referencingTable: "appointment",
    referencingColumn: "regardingobjectid",
  },
];

/** The real metadata with account, appointment and an organization-owned table added. */
export async function projectMetadata(): Promise<MetadataDocument> {
  const doc = await realMetadata();
  return {
    ...doc,
    tables: [...doc.tables, ACCOUNT, APPOINTMENT, SETTING].sort((a, b) => a.logicalName.localeCompare(b.logicalName)),
    relationships: [...doc.relationships, ...EXTRA_RELATIONSHIPS],
  };
}
