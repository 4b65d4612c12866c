import type { InstrumentationName } from './instrumentations.ts';
import { loadTracingConfig, tracesExporterOf } from './tracing-config.ts';

/**
 * What an app's `--import` runs (apps/<app>/src/instrumentation.ts), before any of the app's
 * modules load. With tracing off (no exporter, no endpoint) it loads nothing of OpenTelemetry:
 * the API and the worker then only call @opentelemetry/api, whose calls do nothing.
 */
/** `serviceName` is the spans' service.name unless OTEL_SERVICE_NAME says otherwise. */
export async function registerTracing(serviceName: string, instrumentations: InstrumentationName[]) {
  const config = loadTracingConfig();
  if (config === undefined || tracesExporterOf(config) === 'none') {
    return;
  }
  const { startTracing } = await import('./start-tracing.ts');
  await startTracing(config, { serviceName, instrumentations });
}
