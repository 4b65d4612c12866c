// Reads an app's log on stdin (pino's JSON lines, or anything else the process prints) and
// writes it as one readable line per entry: time, level, message, with a request as
// "GET /v1/orders 200 4 ms". bin/lib/run-app pipes each app of bin/dev through it; production
// keeps the JSON. `--color` forces colours (the output is a pipe to the process runner).
//
// It ignores Ctrl-C, SIGTERM and SIGHUP and ends when the app's output ends, so the last lines
// of an app that is shutting down are still printed.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

// pino-pretty is a dependency of the API (its own pretty output at a terminal); bin/ has none.
const require = createRequire(new URL('../../apps/api/package.json', import.meta.url));
const { prettyFactory } = require('pino-pretty') as {
  prettyFactory: (options: Record<string, unknown>) => (log: Record<string, unknown>) => string;
};

interface Colors {
  green: (text: string) => string;
  yellow: (text: string) => string;
  red: (text: string) => string;
  gray: (text: string) => string;
}

interface RequestLine {
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

function statusColour(status: number, colors: Colors): (text: string) => string {
  if (status >= 500) {
    return colors.red;
  }
  return status >= 400 ? colors.yellow : colors.green;
}

const prettify = prettyFactory({
  colorize: process.argv.includes('--color'),
  translateTime: 'SYS:HH:MM:ss',
  singleLine: true,
  // The process runner's prefix names the app; request details are in the message below. With
  // tracing on, trace_id stays (to look the trace up); the span's own id and flags go.
  ignore: 'pid,hostname,name,reqId,req,res,responseTime,span_id,trace_flags',
  messageFormat: (
    log: Record<string, unknown>,
    messageKey: string,
    _level: string,
    extras: { colors: Colors },
  ) => {
    const { req, res, responseTime } = log as RequestLine;
    if (req?.method === undefined || res?.statusCode === undefined) {
      return String(log[messageKey] ?? '');
    }
    const status = statusColour(res.statusCode, extras.colors)(String(res.statusCode));
    const took = responseTime === undefined ? '' : extras.colors.gray(` ${Math.round(responseTime)} ms`);
    return `${req.method} ${req.url ?? ''} ${status}${took}`;
  },
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {});
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    entry = undefined;
  }
  const isLog = typeof entry === 'object' && entry !== null && 'level' in entry;
  process.stdout.write(isLog ? prettify(entry as Record<string, unknown>) : `${line}\n`);
}
