/**
 * The slug of a category name: lower case, accents dropped ("Vifaa vya Jikoni & Café" →
 * "vifaa-vya-jikoni-and-cafe"), any run of other characters one hyphen. Letters of other
 * scripts are kept, so a name in any language has a slug; a name with no letter or digit at all
 * gets "category". Unique among siblings (categories_parent_slug_key), not across the tree.
 */
export function categorySlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
  return slug === '' ? 'category' : slug;
}

const MAX_SLUG_LENGTH = 120;
