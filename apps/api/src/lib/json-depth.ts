/**
 * Whether a JSON text nests arrays and objects deeper than `max`, read without parsing it: a body
 * a few kilobytes long can nest thousands of levels, and every recursive walk of the parsed value
 * (validation, the U+0000 check) would then overflow the stack. Brackets inside strings do not count.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) {
        index += 1; // a backslash escapes the next character, a quote included
      } else if (char === 0x22) {
        inString = false;
      }
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > max) {
        return true;
      }
    } else if (char === 0x5d || char === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}
