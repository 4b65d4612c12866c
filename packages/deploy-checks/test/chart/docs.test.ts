import { describe, expect, it } from 'vitest';
import { generatedFiles, readValues } from '../../scripts/chart-docs.ts';

describe('chart documentation', () => {
  it('describes every value of values.yaml', () => {
    const { entries } = readValues();
    expect(entries.length).toBeGreaterThan(50);
    for (const entry of entries) {
      expect(entry.description.length, entry.path).toBeGreaterThan(10);
    }
  });

  it('keeps values.schema.json and the README values table generated from values.yaml', () => {
    for (const file of generatedFiles()) {
      expect(
        file.current,
        `${file.path} is stale: run node packages/deploy-checks/scripts/chart-docs.ts --write`,
      ).toBe(file.expected);
    }
  });

  it('closes the schema so a misspelt value fails instead of being ignored', () => {
    const { schema } = readValues();
    expect(schema.additionalProperties).toBe(false);
    const properties = schema.properties as Record<string, { additionalProperties?: boolean }>;
    expect(properties.worker?.additionalProperties).toBe(false);
    expect(properties.secrets?.additionalProperties).toBe(false);
  });
});
