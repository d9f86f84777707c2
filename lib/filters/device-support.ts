// Which constructs of a filter tree a device may not support, and why: the editors flag them (a badge with the
// reason) and decide nothing themselves. Dataverse evaluates a sync filter at sync time; a device evaluates a tree
// itself where no server is at hand (a view's extra filter over the rows it holds, a form rule's condition), and
// there only the operators its evaluator implements work (the catalogue's `formRule` fact) and no related rows.
import { OPERATORS } from "./operators";
import type { FilterNode } from "./schema";

/** Who evaluates the tree: Dataverse at sync time (a sync filter), or the device itself (view filter, form rule). */
export type EvaluatedBy = "server" | "device";

export interface DeviceFlag {
  /** The badge's text. */
  label: string;
  /** The tooltip: what the device may not do, and why. */
  reason: string;
}

/** The flag for one node of a tree evaluated by `by`, or undefined when every device supports it. */
export function deviceFlag(node: FilterNode, by: EvaluatedBy): DeviceFlag | undefined {
  if (node.kind === "condition") {
    const facts = OPERATORS[node.operator];
    if (facts.formRule || !facts.deviceCaveat) return undefined;
    return by === "device"
      ? { label: "Not on the device", reason: `A device cannot evaluate this operator. ${facts.deviceCaveat}` }
      : {
          label: "Server only",
          reason: `Dataverse applies this at sync time, but a device checking the rows it holds (a row changed offline, a view's filter) cannot evaluate it. ${facts.deviceCaveat}`,
        };
  }
  if (node.kind === "link" && by === "device") {
    return {
      label: "Needs related rows",
      reason:
        "A device evaluates this on the rows it holds: the related table must be offline in the project, and rows its sync filter leaves out never match.",
    };
  }
  return undefined;
}

/** What a tree is for: the editors ask `treeCapabilities` what they may offer for it. */
export type TreePurpose = "sync-filter" | "view-filter" | "form-rule";

export interface TreeCapabilities {
  evaluatedBy: EvaluatedBy;
  /** Only operators a form rule can evaluate (the catalogue's `formRule` fact). */
  formRuleOperatorsOnly: boolean;
  /** Link conditions (related rows) may be added. */
  links: boolean;
  /** How the editor names the top group's rows ("rows", "the form's values"). */
  subject: string;
}

export function treeCapabilities(purpose: TreePurpose): TreeCapabilities {
  switch (purpose) {
    case "sync-filter":
      return { evaluatedBy: "server", formRuleOperatorsOnly: false, links: true, subject: "rows" };
    case "view-filter":
      return { evaluatedBy: "device", formRuleOperatorsOnly: false, links: true, subject: "rows" };
    case "form-rule":
      // A rule's condition tests the form's own values: no related rows (the rule schema refuses links).
      return { evaluatedBy: "device", formRuleOperatorsOnly: true, links: false, subject: "the form's values" };
  }
}
