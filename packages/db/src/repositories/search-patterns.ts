/** A LIKE/ILIKE pattern matching `text` anywhere, its wildcards escaped: "50%" means the characters, not a pattern. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
