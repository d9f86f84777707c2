// Says a form rule as one English sentence, with display names and option labels from the metadata, as the sync
// filters are said: "When Preferred Method of Contact is Email: make Email required; otherwise make Email
// optional". The rules panel, the diff and the audit log say the same. Pure.
import { conditionToText } from "@/lib/filters/to-text";
import { labelOf, type MetadataDocument } from "@/lib/metadata/schema";
import type { Form } from "@/lib/forms/schema";
import { formFields } from "@/lib/forms/walk";
import type { Rule, RuleAction, ValueSource } from "./schema";

export interface RuleTextOptions {
  metadata?: MetadataDocument;
  language?: string;
}

class RuleSpeaker {
  private readonly columns: Map<string, { label: string; options: Map<string, string> }>;
  private readonly elements: Map<string, string>;

  constructor(
    private readonly table: string,
    form: Pick<Form, "tabs">,
    private readonly options: RuleTextOptions,
  ) {
    const language = options.language ?? "1033";
    const meta = options.metadata?.tables.find((t) => t.logicalName === table);
    this.columns = new Map(
      (meta?.columns ?? []).map((c) => [
        c.logicalName,
        {
          label: labelOf(c.displayName, c.logicalName, language),
          options: new Map(
            (c.optionSet?.options ?? []).map((o) => [String(o.value), labelOf(o.labels, String(o.value), language)]),
          ),
        },
      ]),
    );
    this.elements = new Map();
    for (const tab of form.tabs) this.elements.set(tab.id, `tab '${tab.label}'`);
    for (const { field, section } of formFields(form)) {
      this.elements.set(section.id, `section '${section.label}'`);
      this.elements.set(field.id, field.label ?? this.column(field.column));
    }
  }

  column(name: string): string {
    return this.columns.get(name)?.label ?? name;
  }

  element(id: string): string {
    return this.elements.get(id) ?? `'${id}'`;
  }

  value(column: string, value: ValueSource): string {
    switch (value.kind) {
      case "constant": {
        const option = this.columns.get(column)?.options.get(value.value);
        return option ?? `"${value.value}"`;
      }
      case "column":
        return `the value of ${this.column(value.column)}`;
      case "today":
        return value.days === 0
          ? "today"
          : `today ${value.days > 0 ? "+" : "-"} ${Math.abs(value.days)} day${Math.abs(value.days) === 1 ? "" : "s"}`;
      case "currentUser":
        return "the signed-in user";
      case "clear":
        return "empty";
    }
  }

  action(action: RuleAction): string {
    switch (action.type) {
      case "show":
      case "hide":
        return `${action.type} ${this.element(action.target)}`;
      case "require":
        return `make ${this.element(action.field)} required`;
      case "optional":
        return `make ${this.element(action.field)} optional`;
      case "readOnly":
        return `make ${this.element(action.field)} read-only`;
      case "editable":
        return `make ${this.element(action.field)} editable`;
      case "setValue":
        return action.value.kind === "clear"
          ? `clear ${this.column(action.column)}`
          : `set ${this.column(action.column)} to ${this.value(action.column, action.value)}`;
      case "error":
      case "warning":
        return `show the ${action.type} "${action.message}"${action.field ? ` at ${this.element(action.field)}` : ""}`;
      case "setLookupView":
        return `make the picker of ${this.element(action.field)} show view '${action.view}'`;
    }
  }

  actions(list: readonly RuleAction[]): string {
    return list.length === 0 ? "do nothing" : list.map((a) => this.action(a)).join(", ");
  }

  rule(rule: Rule): string {
    const condition = rule.condition?.children.length
      ? conditionToText(this.table, rule.condition, this.options.metadata, { language: this.options.language })
      : undefined;
    let head: string;
    if (rule.trigger.on === "change") {
      const watched = rule.trigger.columns.map((c) => this.column(c));
      const said = watched.length === 1 ? watched[0] : `${watched.slice(0, -1).join(", ")} or ${watched.at(-1)}`;
      const mentioned = condition !== undefined && rule.trigger.columns.some((c) => condition.includes(this.column(c)));
      head = condition
        ? mentioned
          ? `When ${condition}`
          : `When ${said} changes and ${condition}`
        : `When ${said} changes`;
    } else {
      head = `On ${rule.trigger.on}${condition ? `, when ${condition}` : ""}`;
    }
    const otherwise = rule.else.length > 0 ? `; otherwise ${this.actions(rule.else)}` : "";
    return `${head}: ${this.actions(rule.then)}${otherwise}${rule.enabled ? "" : " (disabled)"}`;
  }
}

/** "When Preferred Method of Contact is Email: make Email required; otherwise make Email optional". */
export function ruleToText(table: string, form: Pick<Form, "tabs">, rule: Rule, options: RuleTextOptions = {}): string {
  return new RuleSpeaker(table, form, options).rule(rule);
}
