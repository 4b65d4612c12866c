import { randomUUID } from 'node:crypto';
import type { FaultKind, FaultRule, FaultRuleOf } from './fault-rule.schema.ts';

export type StoredFaultRule = FaultRule & { id: string };

/**
 * The active fault rules, in the order they were added. `take` picks the rule that applies to a
 * message and uses up one of its `times`; a rule for a specific number wins over a global one.
 */
export function createFaultStore(options: { initial?: FaultRule[]; random?: () => number } = {}) {
  const random = options.random ?? Math.random;
  let rules: StoredFaultRule[] = [];

  function add(added: FaultRule[]): StoredFaultRule[] {
    const stored = added.map((rule) => ({ ...rule, id: rule.id ?? randomUUID() }));
    // Re-adding an id replaces that rule, so a test can adjust a rule without clearing the rest.
    const ids = new Set(stored.map((rule) => rule.id));
    rules = [...rules.filter((rule) => !ids.has(rule.id)), ...stored];
    return stored;
  }

  /**
   * The first rule of one of `kinds` that applies to any of `recipients`, or undefined. A rule
   * whose `probability` does not come up is skipped without being used up.
   */
  function take<K extends FaultKind>(
    kinds: readonly K[],
    recipients: readonly string[],
  ): FaultRuleOf<K> | undefined {
    const candidates = rules.filter((rule) => (kinds as readonly FaultKind[]).includes(rule.kind));
    const ordered = [
      ...candidates.filter((rule) => rule.to !== undefined && recipients.includes(rule.to)),
      ...candidates.filter((rule) => rule.to === undefined),
    ];
    for (const rule of ordered) {
      if (rule.probability !== undefined && random() >= rule.probability) {
        continue;
      }
      consume(rule);
      return rule as FaultRuleOf<K>;
    }
    return undefined;
  }

  function consume(rule: StoredFaultRule): void {
    if (rule.times === undefined) {
      return;
    }
    const left = rule.times - 1;
    rules =
      left > 0 ? rules.map((r) => (r === rule ? { ...r, times: left } : r)) : rules.filter((r) => r !== rule);
  }

  add(options.initial ?? []);

  return {
    list: (): StoredFaultRule[] => rules.map((rule) => ({ ...rule })),
    add,
    take,
    remove(id: string): boolean {
      const before = rules.length;
      rules = rules.filter((rule) => rule.id !== id);
      return rules.length < before;
    },
    clear(): void {
      rules = [];
    },
  };
}

export type FaultStore = ReturnType<typeof createFaultStore>;
