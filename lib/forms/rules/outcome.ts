// What running a form's rules yields: the values and the state of every field, section and tab, the messages,
// whether the row may be saved, and a trace of which rules fired. The evaluator (./evaluate.ts) produces it; the
// phone preview renders it; a device implements the same. Types only, safe anywhere.

/**
 * A column's value on the form, as a string in the filter conditions' convention (numbers in invariant form,
 * ISO dates, option values as their integer, booleans "0"/"1", a lookup as the related row's GUID), or null.
 */
export type FormValue = string | null;
export type FormValues = Readonly<Record<string, FormValue>>;

/** Who and when: what `eq-userid`, "the signed-in user" and "today + N days" mean during one evaluation. */
export interface RuleContext {
  /** The signed-in user's systemuserid (a GUID). */
  userId: string;
  /** Their name, for showing a lookup set to "the signed-in user". */
  userName: string;
  /** Today's date in the device's time zone, "YYYY-MM-DD". */
  today: string;
}

export interface FieldState {
  visible: boolean;
  required: boolean;
  readOnly: boolean;
  /** The view id the lookup picker shows, when a rule set one. */
  lookupView?: string;
}

export interface PartState {
  visible: boolean;
}

export interface RuleMessage {
  kind: "error" | "warning";
  text: string;
  /** The field id it is shown at; absent: at the top of the form. */
  field?: string;
  /** The rule that raised it. */
  ruleId: string;
}

export interface RuleTraceEntry {
  ruleId: string;
  ruleName: string;
  trigger: "load" | "change" | "save";
  /** The column whose change fired it (change rules). */
  column?: string;
  /** Which branch ran: the condition held ("then"), did not ("else"), or did not and there is no else ("none"). */
  branch: "then" | "else" | "none";
  /** One short line per effect, e.g. "require fld-email", "set emailaddress1 = ''". */
  effects: string[];
  /** How deep in a set-value cascade it ran (0: fired by the user's change or the trigger itself). */
  depth: number;
}

export interface RuleOutcome {
  values: FormValues;
  fields: Readonly<Record<string, FieldState>>;
  sections: Readonly<Record<string, PartState>>;
  tabs: Readonly<Record<string, PartState>>;
  messages: readonly RuleMessage[];
  /** False when an error message blocks saving (a save rule's error, or a required visible field without a value). */
  canSave: boolean;
  /** The rules that ran for the last load, change or save, in order. */
  trace: readonly RuleTraceEntry[];
  /** True when a set-value cascade stopped at its bound (the trace says where). */
  cascadeCut: boolean;
}
