import { describe, expect, it } from 'vitest';
import { loadTracingConfig, tracesExporterOf } from '../../src/tracing-config.ts';

// Tracing is off unless configured: which exporter the variables choose, and that wrong ones
// leave tracing off rather than stopping the app (its own config then says what is wrong).
describe('the tracing configuration', () => {
  it('sends no spans when nothing is configured', () => {
    const config = loadTracingConfig({});
    expect(config).toBeDefined();
    expect(config && tracesExporterOf(config)).toBe('none');
  });

  it('exports over OTLP when only an endpoint is given, as the SDK does', () => {
    const config = loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect(config && tracesExporterOf(config)).toBe('otlp');
  });

  it('takes the exporter named, whatever the endpoint', () => {
    const console = loadTracingConfig({
      OTEL_TRACES_EXPORTER: 'console',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    expect(console && tracesExporterOf(console)).toBe('console');
    const none = loadTracingConfig({
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    expect(none && tracesExporterOf(none)).toBe('none');
  });

  it('reads the sampler and its ratio', () => {
    const config = loadTracingConfig({
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(config).toMatchObject({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 0.25 });
  });

  it('leaves tracing off, without throwing, when a variable is wrong', () => {
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: 'zipkin' })).toBeUndefined();
    expect(loadTracingConfig({ OTEL_TRACES_SAMPLER_ARG: 'half' })).toBeUndefined();
  });
});
