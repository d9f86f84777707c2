// Safe XML parsing for solution files: refuses DOCTYPE/ENTITY declarations, never expands entities,
// and turns malformed input into one AppError naming the file and line:column.
import { XMLValidator } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { AppError } from "@/lib/app-error";
import { positionOf } from "@/lib/json-fault";

export type XmlNode = Record<string, unknown>;

export interface ParseXmlOptions {
  /** Element names whose content is kept as raw text and never parsed (forms, views, ribbons: big and not needed here). */
  stopNodes?: string[];
  /** Element names that always become arrays, even when they occur once. */
  arrayElements?: ReadonlySet<string>;
}

function invalid(
  fileName: string,
  offsetOrPos: { line: number; column: number } | undefined,
  reason: string,
  cause?: unknown,
): AppError {
  const where = offsetOrPos ? `${fileName}:${offsetOrPos.line}:${offsetOrPos.column}` : fileName;
  return new AppError("invalid", `${where}: ${reason}`, {
    problems: [{ path: where, message: reason }],
    details: { file: fileName, line: offsetOrPos?.line, column: offsetOrPos?.column },
    cause,
  });
}

/**
 * A DOCTYPE can declare entities (billion laughs, external files). Dataverse never writes one, so any
 * declaration outside a comment or CDATA section is refused outright rather than parsed carefully.
 * One linear pass over every "<!", skipping comments and CDATA sections whole.
 */
export function refuseDeclarations(text: string, fileName: string): void {
  // Comments, CDATA sections and processing instructions are skipped whole: a "<!--" inside a processing
  // instruction is no comment, and must not hide a DOCTYPE after it.
  let pi = text.indexOf("<?");
  for (let i = 0; ;) {
    const bang = text.indexOf("<!", i);
    if (bang === -1) return;
    if (pi !== -1 && pi < i) pi = text.indexOf("<?", i);
    if (pi !== -1 && pi < bang) {
      const end = text.indexOf("?>", pi + 2);
      if (end === -1) return;
      i = end + 2;
      continue;
    }
    i = bang;
    if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end === -1) return;
      i = end + 3;
    } else if (text.startsWith("<![CDATA[", i)) {
      const end = text.indexOf("]]>", i + 9);
      if (end === -1) return;
      i = end + 3;
    } else {
      const match = /^<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i.exec(text.slice(i, i + 32));
      if (match) {
        throw invalid(
          fileName,
          positionOf(text, i),
          `XML with a ${match[1].toUpperCase()} declaration is refused (Dataverse never writes one; entity declarations could expand without bound or read other files)`,
        );
      }
      i += 2;
    }
  }
}

const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and numeric character references; anything else stays as written. */
export function decodeXmlText(value: string): string {
  if (!value.includes("&")) return value;
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== "#") return ENTITY[name];
    const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Why a document the streaming parser refused is bad, and where: the full validator runs only now, after the
 * parser failed, so good files never pay for it and bad ones keep the validator's line, column and wording.
 */
function locateError(body: string, fileName: string, parserError: unknown): AppError {
  const verdict = XMLValidator.validate(body, { allowBooleanAttributes: false });
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    // A file cut short fails somewhere near its end with a confusing message; what the user needs to hear
    // is that the root element is never closed.
    const root = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<([A-Za-z_][\w.:-]*)/.exec(body)?.[1];
    const trimmed = body.trimEnd();
    if (root && !new RegExp(`</\\s*${root.replace(/[.]/g, "\\.")}\\s*>$`).test(trimmed)) {
      const end = positionOf(body, trimmed.length);
      // The validator's own fault is the cut itself when it sits on the last line, or "these tags are never closed"
      // with the list of every open tag, which it puts at line 1, column 1: noise beside "never closed". Anywhere
      // else it found a fault before the end, worth naming.
      const cut = line === end.line || (line === 1 && col === 1);
      const stopped = cut ? "" : `; the parser stopped at line ${line}, column ${col}: ${msg}`;
      return invalid(
        fileName,
        end,
        `the file ends before the XML is complete (truncated?): <${root}> is never closed${stopped}`,
      );
    }
    return invalid(fileName, { line, column: col }, `not valid XML: ${msg}`);
  }
  // The validator is more lenient than the parser (an undeclared entity, say): the parser's own position, from a
  // second pass that tracks positions.
  let message = parserError instanceof Error ? parserError.message : String(parserError);
  try {
    new SaxesParser({ position: true }).write(body).close();
  } catch (located) {
    message = located instanceof Error ? located.message : String(located);
  }
  const at = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(message);
  return at
    ? invalid(fileName, { line: Number(at[1]), column: Number(at[2]) + 1 }, `not valid XML: ${at[3]}`, parserError)
    : invalid(fileName, undefined, `not valid XML: ${message}`, parserError);
}

interface Frame {
  name: string;
  node: XmlNode;
  hasAttributes: boolean;
  hasChildren: boolean;
  text: string;
}

/**
 * Parses one XML file in one streaming pass (saxes) into plain objects, keeping what an importer reads:
 * attributes as "@_name", text as a string (or "#text" beside attributes or children), repeated elements as
 * arrays (always for `arrayElements`), an empty element as "". Elements named in `stopNodes` are skipped whole
 * (their content is tokenized, never built). Entities and character references come back decoded; DOCTYPE and
 * entity declarations are refused before parsing. Malformed input is one AppError with file, line and column.
 */
export function parseXmlText(text: string, fileName: string, options: ParseXmlOptions = {}): XmlNode {
  const { body, parser, result } = treeParser(text, fileName, options);
  try {
    parser.write(body).close();
  } catch (error) {
    throw locateError(body, fileName, error);
  }
  return result();
}

/** How much text the asynchronous parse reads between two turns of the event loop (~10 ms of work). */
const SLICE = 256 * 1024;

/**
 * The same, a slice at a time with a turn of the event loop between slices, so a server keeps answering other
 * requests while a large solution is read; `onElement` hears every element closed at `depth` (1 = the root's
 * children), for progress.
 */
export async function parseXmlTextAsync(
  text: string,
  fileName: string,
  options: ParseXmlOptions & { progress?: { depth: number; name: string; onElement: () => void } } = {},
): Promise<XmlNode> {
  const { body, parser, result } = treeParser(text, fileName, options);
  try {
    for (let at = 0; at < body.length; at += SLICE) {
      parser.write(body.slice(at, at + SLICE));
      await new Promise((resolve) => setImmediate(resolve));
    }
    parser.close();
  } catch (error) {
    throw locateError(body, fileName, error);
  }
  return result();
}

function treeParser(
  text: string,
  fileName: string,
  options: ParseXmlOptions & { progress?: { depth: number; name: string; onElement: () => void } },
): { body: string; parser: SaxesParser; result: () => XmlNode } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw invalid(fileName, undefined, "the file is empty");
  refuseDeclarations(body, fileName);
  const progress = options.progress;
  const arrays = options.arrayElements ?? new Set<string>();
  const stops = new Set(options.stopNodes ?? []);
  const document: XmlNode = {};
  const stack: Frame[] = [{ name: "", node: document, hasAttributes: false, hasChildren: false, text: "" }];
  let skipping = 0;

  const attach = (parent: Frame, name: string, value: unknown) => {
    parent.hasChildren = true;
    const existing = parent.node[name];
    if (existing === undefined) parent.node[name] = arrays.has(name) ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else parent.node[name] = [existing, value];
  };

  // No position tracking: good files do not pay for it; a bad one is located again after the parse fails.
  const parser = new SaxesParser({ position: false });
  parser.on("opentag", (tag) => {
    if (skipping > 0) {
      if (!tag.isSelfClosing) skipping += 1;
      return;
    }
    if (stops.has(tag.name)) {
      attach(stack[stack.length - 1], tag.name, "");
      if (!tag.isSelfClosing) skipping = 1;
      return;
    }
    const node: XmlNode = {};
    let hasAttributes = false;
    for (const name in tag.attributes) {
      node[`@_${name}`] = tag.attributes[name];
      hasAttributes = true;
    }
    const frame = { name: tag.name, node, hasAttributes, hasChildren: false, text: "" };
    if (tag.isSelfClosing) close(frame);
    else stack.push(frame);
  });
  const close = (frame: Frame) => {
    const text = frame.text.trim();
    let value: unknown;
    if (!frame.hasAttributes && !frame.hasChildren) value = text;
    else {
      if (text !== "") frame.node["#text"] = text;
      value = frame.node;
    }
    attach(stack[stack.length - 1], frame.name, value);
  };
  parser.on("closetag", (tag) => {
    if (skipping > 0) {
      if (!tag.isSelfClosing) skipping -= 1;
      return;
    }
    if (tag.isSelfClosing) return;
    close(stack.pop()!);
    if (progress && stack.length === progress.depth && tag.name === progress.name) progress.onElement();
  });
  parser.on("text", (value) => {
    if (skipping === 0 && stack.length > 1) stack[stack.length - 1].text += value;
  });
  parser.on("cdata", (value) => {
    if (skipping === 0 && stack.length > 1) stack[stack.length - 1].text += value;
  });
  const result = () => {
    if (Object.keys(document).length === 0) throw invalid(fileName, undefined, "not valid XML: no root element");
    return document;
  };
  return { body, parser, result };
}

/** The root element's name and content (ignoring the XML declaration). */
export function rootOf(doc: XmlNode, fileName: string): { name: string; node: XmlNode } {
  const names = Object.keys(doc).filter((key) => !key.startsWith("?") && !key.startsWith("#"));
  if (names.length !== 1) throw invalid(fileName, undefined, "not valid XML: expected exactly one root element");
  const raw = doc[names[0]];
  // The root's name may be one of the elements the caller asked to be arrays.
  const value = Array.isArray(raw) ? raw[0] : raw;
  return { name: names[0], node: value && typeof value === "object" ? (value as XmlNode) : {} };
}

/**
 * Dataverse's localized labels in solution XML, the one reader of them: the `element` children of `container`,
 * each `<x description=".." languagecode="1033"/>` (the shape of <displaynames>, <LocalizedNames>, <labels>...), to
 * labels per language code. A blank description is no label. `decode` for parsers that leave entities encoded.
 */
export function labelsOfElements(
  container: unknown,
  element: string,
  options: { decode?: boolean } = {},
): Record<string, string> {
  const labels: Record<string, string> = {};
  if (typeof container !== "object" || container === null || Array.isArray(container)) return labels;
  const value = (container as XmlNode)[element];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item !== "object" || item === null) continue;
    const code = (item as XmlNode)["@_languagecode"];
    const description = (item as XmlNode)["@_description"];
    if (typeof code !== "string" || !/^\d+$/.test(code) || typeof description !== "string") continue;
    const text = (options.decode ? decodeXmlText(description) : description).trim();
    if (text !== "") labels[code] = text;
  }
  return labels;
}
