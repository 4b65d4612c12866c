import { ConfigError, fragments, loadConfig } from '@sokoni/config';
import { type Static, Type } from 'typebox';

const tracingSchema = Type.Object(fragments.tracing);

export type TracingConfig = Static<typeof tracingSchema>;

/** Where spans go: the configured exporter, otlp when only an endpoint is given, none otherwise. */
export function tracesExporterOf(config: TracingConfig): 'otlp' | 'console' | 'none' {
  return config.OTEL_TRACES_EXPORTER ?? (config.OTEL_EXPORTER_OTLP_ENDPOINT === undefined ? 'none' : 'otlp');
}

/**
 * The tracing variables alone, read before the app's own config (which names them too, and
 * reports them when they are wrong): undefined when they are invalid, so the app starts and says why.
 */
export function loadTracingConfig(
  env: Record<string, string | undefined> = process.env,
): TracingConfig | undefined {
  try {
    return loadConfig(tracingSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return undefined;
    }
    throw error;
  }
}
