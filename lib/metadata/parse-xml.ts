// Safe XML parsing for solution files: refuses DOCTYPE/ENTITY declarations, never expands entities,
// and turns malformed input into one AppError naming the file and line:column.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { AppError } from "@/lib/app-error";
import { positionOf } from "@/lib/metadata/parse-json";

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
  for (let i = text.indexOf("<!"); i !== -1; i = text.indexOf("<!", i)) {
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

/** Parses one XML file. Element text and attributes stay strings; attributes are prefixed with "@_". */
export function parseXmlText(text: string, fileName: string, options: ParseXmlOptions = {}): XmlNode {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw invalid(fileName, undefined, "the file is empty");
  refuseDeclarations(body, fileName);
  const verdict = XMLValidator.validate(body, { allowBooleanAttributes: false });
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    // A file cut short fails somewhere near its end with a confusing message; what the user needs to hear
    // is that the root element is never closed.
    const root = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<([A-Za-z_][\w.:-]*)/.exec(body)?.[1];
    const trimmed = body.trimEnd();
    if (root && !new RegExp(`</\\s*${root.replace(/[.]/g, "\\.")}\\s*>$`).test(trimmed)) {
      const end = positionOf(body, trimmed.length);
      throw invalid(
        fileName,
        end,
        `the file ends before the XML is complete (truncated?): <${root}> is never closed; the parser stopped at line ${line}, column ${col}: ${msg}`,
      );
    }
    throw invalid(fileName, { line, column: col }, `not valid XML: ${msg}`);
  }
  const arrays = options.arrayElements;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    removeNSPrefix: false,
    stopNodes: (options.stopNodes ?? []).map((name) => `*.${name}`),
    isArray: arrays
      ? (tagName: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute && arrays.has(tagName)
      : undefined,
  });
  try {
    const parsed = parser.parse(body) as XmlNode;
    if (!parsed || typeof parsed !== "object") throw new Error("no root element");
    return parsed;
  } catch (error) {
    throw invalid(
      fileName,
      undefined,
      `not valid XML: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
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
