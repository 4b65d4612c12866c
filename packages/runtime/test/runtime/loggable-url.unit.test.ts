import { describe, expect, it } from 'vitest';
import { loggableUrl } from '../../src/index.ts';

describe('loggableUrl', () => {
  it("hides the webhook's secret path segment, keeping the rest", () => {
    expect(loggableUrl('/v1/webhooks/africastalking/delivery-reports/s3cr3t-value')).toBe(
      '/v1/webhooks/africastalking/delivery-reports/[redacted]',
    );
    expect(loggableUrl('http://api:3000/v1/webhooks/africastalking/delivery-reports/s3cr3t?x=1')).toBe(
      'http://api:3000/v1/webhooks/africastalking/delivery-reports/[redacted]?x=1',
    );
  });

  it('hides an authorization code and tokens in the query', () => {
    expect(loggableUrl('/admin/callback?code=abc123&state=xyz')).toBe(
      '/admin/callback?code=[redacted]&state=xyz',
    );
    expect(loggableUrl('/x?a=1&access_token=t0k&apiKey=k')).toBe(
      '/x?a=1&access_token=[redacted]&apiKey=[redacted]',
    );
  });

  it('leaves other URLs as they are', () => {
    expect(loggableUrl('/v1/orders?status=pending')).toBe('/v1/orders?status=pending');
  });
});
