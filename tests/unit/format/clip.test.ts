// Text cut to a length keeps whole characters: never half of a surrogate pair.
import { describe, expect, it } from "vitest";
import { clipText } from "@/lib/format/clip";

describe("clipText", () => {
  it("cuts at the length, or one before it when that would split a surrogate pair", () => {
    expect(clipText("abcdef", 4)).toBe("abcd");
    expect(clipText("abc", 4)).toBe("abc");
    // "ab🚀" is a, b and a pair: four units.
    expect(clipText("ab\uD83D\uDE80cd", 3)).toBe("ab");
    expect(clipText("ab\uD83D\uDE80cd", 4)).toBe("ab\uD83D\uDE80");
    const name = `${"x".repeat(99)}\uD83D\uDE80`;
    expect(clipText(name, 100)).toBe("x".repeat(99));
    expect(clipText(`a\uD83D\uDE80`, 2)).toBe("a");
  });
});
