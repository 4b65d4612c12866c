// The gateway-only sender's process (see gateway-sends.ts).
import { text } from 'node:stream/consumers';
import { createAfricasTalkingGateway } from '@sokoni/sms-gateway';
import type { GatewaySendsResult, GatewaySendsSpec } from './gateway-sends.ts';

const spec = JSON.parse(await text(process.stdin)) as GatewaySendsSpec;
const gateway = createAfricasTalkingGateway({
  baseUrl: spec.simulatorUrl,
  username: 'sandbox',
  apiKey: spec.apiKey,
  enqueue: false,
  timeoutMs: 10_000,
  maxConnections: spec.concurrency,
});
let next = 0;
let failed = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: spec.concurrency }, async () => {
    while (next < spec.count) {
      next += 1;
      const result = await gateway.send({
        to: `+2547${String(10_000_000 + next).slice(-8)}`,
        message: `Sokoni: Hi Bench, we received order ORD-${next}: Sukari 1kg, KES 180.00.`,
      });
      if (result.outcome !== 'accepted') {
        failed += 1;
      }
    }
  }),
);
const result: GatewaySendsResult = { rate: spec.count / ((performance.now() - started) / 1000), failed };
await gateway.close();
process.stdout.write(JSON.stringify(result));
