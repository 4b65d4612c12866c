import type { FastifyBaseLogger } from 'fastify';
import { createDeliveryReporter, type DeliveryReportSettings } from './delivery-reports/delivery-reporter.ts';
import type { FaultRule } from './faults/fault-rule.schema.ts';
import { createFaultStore } from './faults/fault-store.ts';
import { createMessageStore } from './messages/message-store.ts';
import type { MessagingContext } from './messaging/handle-messaging-request.ts';

/** Everything that shapes the simulator; defaults match the AT_SIM_* environment defaults. */
export interface SimulatorOptions {
  username?: string;
  apiKey?: string;
  /** Delivery reports go here; null or unset → none are sent. */
  callbackUrl?: string | null;
  dlrDelayMs?: number;
  dlrRetries?: number;
  dlrRetryBackoffMs?: number;
  currency?: string;
  costPerSegment?: number;
  maxMessages?: number;
  /** Fault rules active from the start. */
  faults?: FaultRule[];
  /** Source of randomness for rules with a `probability` (tests pin it). */
  random?: () => number;
}

export function createSimulatorState(options: SimulatorOptions, logger: FastifyBaseLogger) {
  const capacity = options.maxMessages ?? 10_000;
  const messages = createMessageStore(capacity);
  const faults = createFaultStore({
    initial: options.faults ?? [],
    ...(options.random ? { random: options.random } : {}),
  });
  const deliverySettings: DeliveryReportSettings = {
    callbackUrl: options.callbackUrl ?? null,
    delayMs: options.dlrDelayMs ?? 200,
  };
  const reporter = createDeliveryReporter({
    settings: deliverySettings,
    retries: options.dlrRetries ?? 3,
    retryBackoffMs: options.dlrRetryBackoffMs ?? 500,
    capacity,
    logger,
    onPosted: (report) => messages.setDeliveryStatus(report.id, report.status),
  });
  const messaging: MessagingContext = {
    username: options.username ?? 'sandbox',
    apiKey: options.apiKey ?? 'at-sim-dev-key',
    currency: options.currency ?? 'KES',
    costPerSegment: options.costPerSegment ?? 0.8,
    faults,
    messages,
  };
  return { messages, faults, reporter, deliverySettings, messaging };
}

export type SimulatorState = ReturnType<typeof createSimulatorState>;
