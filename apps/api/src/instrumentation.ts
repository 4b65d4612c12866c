// The API's `--import` (Dockerfile, bin/dev): starts OpenTelemetry before the API's modules load,
// when OTEL_TRACES_EXPORTER or OTEL_EXPORTER_OTLP_ENDPOINT says so (see docs/operations.md).
// With neither it loads nothing of the SDK.
import { registerTracing } from '@sokoni/telemetry';

await registerTracing('sokoni-api', ['http', 'fastify', 'pg', 'ioredis', 'undici']);
