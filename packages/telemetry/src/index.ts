export { registerTracing } from './register-tracing.ts';
export {
  contextOfTraceparent,
  currentTraceparent,
  flushTraces,
  spanContextOfTraceparent,
  tracer,
} from './trace-context.ts';
