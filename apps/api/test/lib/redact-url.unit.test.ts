import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/lib/redact-url.ts';

describe('redactUrl', () => {
  it('hides the webhook secret and keeps the rest', () => {
    expect(redactUrl('/v1/webhooks/africastalking/delivery-reports/s3cr3t-value')).toBe(
      '/v1/webhooks/africastalking/delivery-reports/[redacted]',
    );
    expect(redactUrl('/v1/webhooks/africastalking/delivery-reports/s3cr3t?x=1')).toBe(
      '/v1/webhooks/africastalking/delivery-reports/[redacted]?x=1',
    );
    expect(redactUrl('/v1/orders?status=pending')).toBe('/v1/orders?status=pending');
  });
});
