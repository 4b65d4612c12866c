import {
  type Context,
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type SpanContext,
  trace,
} from '@opentelemetry/api';

/** The tracer of Sokoni's own spans (the enqueue, the job, the send). */
export const tracer = trace.getTracer('sokoni');

/**
 * The active trace context as a W3C `traceparent`, for a job to carry it to the worker; undefined
 * with tracing off or outside any span.
 */
export function currentTraceparent(active: Context = context.active()): string | undefined {
  const carrier: { traceparent?: string } = {};
  propagation.inject(active, carrier);
  return carrier.traceparent;
}

/** The context a job's `traceparent` names, to parent the job's span; the root context without one. */
export function contextOfTraceparent(traceparent: string | undefined): Context {
  return traceparent === undefined ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** The span context a stored `traceparent` names, for a link to it; undefined when there is none. */
export function spanContextOfTraceparent(traceparent: string | undefined): SpanContext | undefined {
  const spanContext = trace.getSpanContext(contextOfTraceparent(traceparent));
  return spanContext !== undefined && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** Exports the spans still buffered; the apps call it last when they stop. A no-op with tracing off. */
export async function flushTraces(): Promise<void> {
  const global = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const provider = global.getDelegate?.() as { shutdown?: () => Promise<void> } | undefined;
  await provider?.shutdown?.();
}
