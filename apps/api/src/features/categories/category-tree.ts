export interface CategoryTreeNode {
  id: string;
  name: string;
  slug: string;
  depth: number;
  children: CategoryTreeNode[];
}

/**
 * Nests categories given parents first (ordered by depth), keeping their order among siblings.
 * A depth limit cuts off whole levels from the bottom, so every parent is in the list before
 * its children.
 */
export function nestCategories(
  rows: readonly { id: string; name: string; slug: string; depth: number; parentId: string | null }[],
): CategoryTreeNode[] {
  const roots: CategoryTreeNode[] = [];
  const byId = new Map<string, CategoryTreeNode>();
  for (const row of rows) {
    const node: CategoryTreeNode = {
      id: row.id,
      name: row.name,
      slug: row.slug,
      depth: row.depth,
      children: [],
    };
    byId.set(row.id, node);
    if (row.parentId === null) {
      roots.push(node);
    } else {
      byId.get(row.parentId)?.children.push(node);
    }
  }
  return roots;
}
