// Cutting text to a length without cutting a character in two: a UTF-16 string cut between the halves of a
// surrogate pair (an emoji, most CJK extension characters) keeps half of one, which is no character at all and which
// strict readers of the JSON (I-JSON, RFC 8785 verifiers) refuse.

/** `value` cut to at most `max` UTF-16 code units, never inside a surrogate pair. */
export function clipText(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  // The last unit kept is a pair's first half: its second half is cut off, so it goes too.
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
