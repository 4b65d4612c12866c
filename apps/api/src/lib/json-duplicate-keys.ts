const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

function isJsonWhitespace(char: number): boolean {
  return char === 0x20 || char === 0x0a || char === 0x0d || char === 0x09;
}

/**
 * The first key a JSON object of `text` names twice, or undefined. JSON.parse silently keeps the
 * last one, so a body whose first `"amount"` a proxy, a log or an audit trail reads could do
 * something else here: such a body is refused instead. `text` must already parse as JSON.
 */
export function duplicateKey(text: string): string | undefined {
  // One entry per open bracket: the keys seen so far for an object, undefined for an array.
  const open: (Set<string> | undefined)[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      let end = index + 1;
      let escaped = false;
      while (text.charCodeAt(end) !== QUOTE) {
        if (text.charCodeAt(end) === BACKSLASH) {
          escaped = true;
          end += 1;
        }
        end += 1;
      }
      const keys = open.at(-1);
      let next = end + 1;
      while (isJsonWhitespace(text.charCodeAt(next))) {
        next += 1;
      }
      if (keys && text.charCodeAt(next) === COLON) {
        // "a" and "\u0061" name the same key.
        const key = escaped ? (JSON.parse(text.slice(index, end + 1)) as string) : text.slice(index + 1, end);
        if (keys.has(key)) {
          return key;
        }
        keys.add(key);
      }
      index = end;
    } else if (char === 0x7b) {
      open.push(new Set());
    } else if (char === 0x5b) {
      open.push(undefined);
    } else if (char === 0x7d || char === 0x5d) {
      open.pop();
    }
  }
  return undefined;
}
