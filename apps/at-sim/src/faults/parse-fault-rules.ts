import { Value } from 'typebox/value';
import { type FaultRule, faultRule } from './fault-rule.schema.ts';

/** Thrown when fault rules do not match the schema; `problems` name the offending rule and field. */
export class InvalidFaultRulesError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid fault rules: ${problems.join('; ')}`);
    this.name = 'InvalidFaultRulesError';
    this.problems = problems;
  }
}

/**
 * Validates fault rules from the control API or AT_SIM_FAULTS. Rules are checked one by one
 * against their own kind, so an error names the field that is wrong rather than "matches no
 * schema in the union".
 */
export function parseFaultRules(input: unknown): FaultRule[] {
  if (!Array.isArray(input)) {
    throw new InvalidFaultRulesError(['expected an array of rules']);
  }
  const problems: string[] = [];
  input.forEach((candidate, index) => {
    const kind = (candidate as { kind?: unknown } | null)?.kind;
    const schema = faultRule.anyOf.find((option) => option.properties.kind.const === kind);
    if (schema === undefined) {
      const kinds = faultRule.anyOf.map((option) => option.properties.kind.const).join(', ');
      problems.push(`rules[${index}].kind must be one of ${kinds}`);
      return;
    }
    for (const error of Value.Errors(schema, candidate)) {
      problems.push(`rules[${index}]${error.instancePath.replaceAll('/', '.')} ${error.message}`);
    }
  });
  if (problems.length > 0) {
    throw new InvalidFaultRulesError(problems);
  }
  return input as FaultRule[];
}
