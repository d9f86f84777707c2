// Where JSON text stops being JSON, and the line and column of an offset: the one scanner for every JSON reader
// (metadata files, bundles, project files). V8's JSON.parse does not always say where it failed, so on failure
// this finds the position. Iterative, so a deeply nested input cannot overflow the stack. Pure.

export interface TextPosition {
  line: number;
  column: number;
}

/** 1-based line and column of a character offset (columns count UTF-16 code units, as editors mostly do). */
export function positionOf(text: string, offset: number): TextPosition {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  let index = text.indexOf("\n", 0);
  while (index !== -1 && index < end) {
    line += 1;
    lineStart = index + 1;
    index = text.indexOf("\n", lineStart);
  }
  return { line, column: end - lineStart + 1 };
}

export interface JsonFaultAt {
  offset: number;
  reason: string;
}

class JsonFault extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Walks the text as strict JSON (RFC 8259) and reports the first offending offset. Iterative, so a
 * deeply nested input cannot overflow the stack. Only called after JSON.parse has already failed.
 */
export function locateJsonFault(text: string): JsonFaultAt {
  let i = 0;
  const n = text.length;
  const fail = (reason: string, at = i): never => {
    throw new JsonFault(at, reason);
  };
  const skipWs = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i += 1;
      else break;
    }
  };
  const describe = (at: number) =>
    at >= n ? "unexpected end of input" : `unexpected character ${JSON.stringify(text[at])}`;
  const readString = () => {
    i += 1; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === undefined) fail("unterminated string", n);
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape in string", i);
          i += 6;
        } else if ('"\\/bfnrt'.includes(e)) i += 2;
        else fail("bad escape in string", i);
      } else if (c < 0x20) fail("control character in string");
      else i += 1;
    }
    fail("unterminated string", n);
  };
  const readNumber = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0].length === 0 || match[0] === "-") fail(describe(i));
    i += match![0].length;
  };
  const readLiteral = () => {
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail(describe(i));
  };
  // Stack of open containers: "{" or "[".
  const stack: string[] = [];
  try {
    let expectValue = true;
    skipWs();
    for (;;) {
      if (expectValue) {
        skipWs();
        const ch = text[i];
        if (ch === "{") {
          i += 1;
          skipWs();
          if (text[i] === "}") {
            i += 1;
            expectValue = false;
          } else {
            if (text[i] !== '"') fail(i >= n ? "unexpected end of input" : "expected a property name in double quotes");
            readString();
            skipWs();
            if (text[i] !== ":") fail(i >= n ? "unexpected end of input" : "expected ':' after property name");
            i += 1;
            stack.push("{");
            continue;
          }
        } else if (ch === "[") {
          i += 1;
          skipWs();
          if (text[i] === "]") {
            i += 1;
            expectValue = false;
          } else {
            stack.push("[");
            continue;
          }
        } else if (ch === '"') {
          readString();
          expectValue = false;
        } else if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) {
          readNumber();
          expectValue = false;
        } else {
          readLiteral();
          expectValue = false;
        }
      }
      // After a value: close containers or move to the next member.
      skipWs();
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (i < n) fail("unexpected text after the JSON value");
        return { offset: n, reason: "unexpected end of input" };
      }
      const ch = text[i];
      if (ch === ",") {
        i += 1;
        skipWs();
        if (top === "{") {
          if (text[i] !== '"') fail(i >= n ? "unexpected end of input" : "expected a property name in double quotes");
          readString();
          skipWs();
          if (text[i] !== ":") fail(i >= n ? "unexpected end of input" : "expected ':' after property name");
          i += 1;
        }
        expectValue = true;
      } else if ((ch === "}" && top === "{") || (ch === "]" && top === "[")) {
        i += 1;
        stack.pop();
        expectValue = false;
      } else {
        fail(i >= n ? "unexpected end of input" : top === "{" ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
  } catch (error) {
    if (error instanceof JsonFault) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}
