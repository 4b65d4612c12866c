import type { BenchContext } from '../context.ts';
import { loadViolations, verifyPlacedOrders } from '../data/verify-orders.ts';
import { runHttpLoad } from '../load/http-load.ts';
import { summarize } from '../measure/stats.ts';
import { judge, type RowResult } from '../report/results.ts';
import { waitUntilQuiet } from '../stack/quiet.ts';
import type { OrderStack } from './order-writes.ts';

const CONNECTIONS = 32;

/**
 * Row 4: p99 latency at a fixed rate of half the maximum measured at 32 connections (rows 1 and
 * 3), for POST /v1/orders and GET /v1/orders/{id}.
 */
export async function measureFixedRateLatency(
  context: BenchContext,
  stack: OrderStack,
  maxima: { post: number; get: number; orderPaths: string[] },
): Promise<RowResult[]> {
  const { plan } = context;
  const headers = { authorization: `Bearer ${context.token}` };
  const rows: RowResult[] = [];

  context.progress('row 4: p99 at half the measured maximum');
  const postRate = Math.max(1, Math.round(maxima.post / 2));
  const tag = 'bench fixed-rate';
  await waitUntilQuiet(stack.api.url);
  const post = await runHttpLoad({
    baseUrl: stack.api.url,
    method: 'POST',
    paths: ['/v1/orders'],
    headers: { ...headers, 'content-type': 'application/json' },
    bodies: [JSON.stringify({ customerId: stack.customerId, item: tag, amount: '180.00' })],
    connections: CONNECTIONS,
    durationS: plan.fixedRateS,
    overallRate: postRate,
  });
  const { violations } = await verifyPlacedOrders(stack.pool, tag, post, CONNECTIONS);
  rows.push(
    judge({
      id: 'orders-post-p99-half-rate',
      row: 4,
      label: `POST /v1/orders p99 at ${postRate}/s (half the maximum)`,
      unit: 'ms',
      figure: summarize([post.latency.p99]),
      target: { kind: 'at-most', text: '≤ 20 ms', value: 20 },
      notes: [`achieved ${Math.round(post.rate)}/s, p50 ${post.latency.p50} ms, max ${post.latency.max} ms`],
      violations,
    }),
  );

  const getRate = Math.max(1, Math.round(maxima.get / 2));
  await waitUntilQuiet(stack.api.url);
  const get = await runHttpLoad({
    baseUrl: stack.api.url,
    method: 'GET',
    paths: maxima.orderPaths,
    headers,
    connections: CONNECTIONS,
    durationS: plan.fixedRateS,
    overallRate: getRate,
  });
  rows.push(
    judge({
      id: 'order-get-p99-half-rate',
      row: 4,
      label: `GET /v1/orders/{id} p99 at ${getRate}/s (half the maximum)`,
      unit: 'ms',
      figure: summarize([get.latency.p99]),
      target: { kind: 'at-most', text: '≤ 10 ms', value: 10 },
      notes: [`achieved ${Math.round(get.rate)}/s, p50 ${get.latency.p50} ms, max ${get.latency.max} ms`],
      violations: loadViolations('GET /v1/orders/{id}', get, [200]),
    }),
  );
  return rows;
}
