import { ConfigError } from '@sokoni/config';
import { describe, expect, it } from 'vitest';
import { loadAtSimConfig } from '../../src/config.ts';

describe('loadAtSimConfig', () => {
  it('has development defaults', () => {
    expect(loadAtSimConfig({})).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '0.0.0.0',
      PORT: 3002,
      AT_SIM_USERNAME: 'sandbox',
      AT_SIM_API_KEY: 'at-sim-dev-key',
      AT_SIM_DLR_DELAY_MS: 200,
      AT_SIM_DLR_RETRIES: 3,
      AT_SIM_DLR_RETRY_BACKOFF_MS: 500,
      AT_SIM_CURRENCY: 'KES',
      AT_SIM_COST_PER_SEGMENT: 0.8,
      AT_SIM_MAX_MESSAGES: 10_000,
      faults: [],
    });
  });

  it('reads every variable', () => {
    const config = loadAtSimConfig({
      PORT: '4002',
      AT_SIM_USERNAME: 'sokoni',
      AT_SIM_API_KEY: 'k',
      AT_SIM_CALLBACK_URL: 'http://localhost:3000/v1/webhooks/africastalking/delivery-reports/s3cret',
      AT_SIM_DLR_DELAY_MS: '0',
      AT_SIM_FAULTS: '[{"kind":"recipientStatus","statusCode":500,"probability":0.1}]',
    });
    expect(config).toMatchObject({
      PORT: 4002,
      AT_SIM_USERNAME: 'sokoni',
      AT_SIM_API_KEY: 'k',
      AT_SIM_CALLBACK_URL: 'http://localhost:3000/v1/webhooks/africastalking/delivery-reports/s3cret',
      AT_SIM_DLR_DELAY_MS: 0,
      faults: [{ kind: 'recipientStatus', statusCode: 500, probability: 0.1 }],
    });
  });

  it('names each bad variable', () => {
    try {
      loadAtSimConfig({ PORT: 'x', AT_SIM_CALLBACK_URL: 'localhost:3000', AT_SIM_DLR_DELAY_MS: '-1' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('AT_SIM_CALLBACK_URL');
      expect(problems).toContain('AT_SIM_DLR_DELAY_MS');
    }
  });

  it.each([
    ['not JSON', '[{', 'not JSON'],
    ['not an array', '{"kind":"timeout"}', 'expected an array'],
    ['a bad rule', '[{"kind":"latency"}]', 'rules[0]'],
  ])('refuses AT_SIM_FAULTS that is %s', (_name, value, expected) => {
    expect(() => loadAtSimConfig({ AT_SIM_FAULTS: value })).toThrow(ConfigError);
    expect(() => loadAtSimConfig({ AT_SIM_FAULTS: value })).toThrow(expected);
  });
});
