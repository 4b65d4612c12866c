import type { BenchContext } from '../context.ts';
import { insertNotifications, statusCounts } from '../data/notifications.ts';
import { loadViolations } from '../data/verify-orders.ts';
import { runHttpLoad } from '../load/http-load.ts';
import { cpuSecondsOf } from '../measure/proc.ts';
import { summarize } from '../measure/stats.ts';
import { judge, type RowResult } from '../report/results.ts';
import type { OrderStack } from './order-writes.ts';

const TAG = 'bench-dlr';

/**
 * Row 6: API CPU per delivery report. Rows of sent SMS are written first, then one final
 * "Success" report per row is posted to the webhook as Africa's Talking would (a form body), and
 * the API process's CPU time (/proc) before and after is divided by the number of reports.
 */
export async function measureDeliveryReportCpu(
  context: BenchContext,
  stack: OrderStack & { webhookSecret: string },
): Promise<RowResult> {
  const count = context.plan.deliveryReports;
  context.progress(`row 6: API CPU per delivery report (${count} reports)`);
  await insertNotifications(stack.pool, {
    customerId: stack.customerId,
    count,
    tag: TAG,
    status: 'sent',
    ageS: 5,
    withProviderIds: true,
  });
  const bodies = Array.from({ length: count }, (_, i) =>
    new URLSearchParams({
      id: `${TAG}-${i + 1}`,
      status: 'Success',
      phoneNumber: `+2547${String(10_000_000 + i + 1).slice(-8)}`,
      networkCode: '63902',
      retryCount: '0',
    }).toString(),
  );
  const before = cpuSecondsOf(stack.api.pid);
  const load = await runHttpLoad({
    baseUrl: stack.api.url,
    method: 'POST',
    paths: [`/v1/webhooks/africastalking/delivery-reports/${stack.webhookSecret}`],
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    bodies,
    connections: 8,
    amount: count,
  });
  const cpuMs = (cpuSecondsOf(stack.api.pid) - before) * 1000;

  const { rows } = await stack.pool.query<{ count: string }>(
    `SELECT count(DISTINCT provider_message_id) AS count FROM delivery_reports WHERE provider_message_id LIKE $1`,
    [`${TAG}-%`],
  );
  const stored = Number(rows[0]?.count ?? 0);
  const statuses = await statusCounts(stack.pool, TAG);
  const violations = loadViolations('delivery reports', load, [200]);
  if (stored !== count) {
    violations.push(`${count - stored} of ${count} delivery reports were not stored`);
  }
  return judge({
    id: 'delivery-report-cpu',
    row: 6,
    label: 'delivery-report webhook, API CPU per report',
    unit: 'ms',
    figure: summarize([cpuMs / count]),
    target: { kind: 'at-most', text: '≤ 0.3 ms', value: 0.3 },
    notes: [
      `${count} reports at ${Math.round(load.rate)}/s (8 connections)`,
      `after them: ${statuses.delivered ?? 0} delivered, ${statuses.sent ?? 0} still sent`,
    ],
    violations,
  });
}
