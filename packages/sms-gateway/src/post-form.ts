import type { Dispatcher } from 'undici';

export interface FormPostAnswer {
  statusCode: number;
  body: string;
  /** The Retry-After header, when the answer had one (e.g. with HTTP 429). */
  retryAfter?: string;
}

/** A POST that got no complete answer, with what is known about how far it got. */
export class FormPostError extends Error {
  /** The whole request had been written to the socket: the server may have acted on it. */
  readonly bodySent: boolean;
  readonly timedOut: boolean;
  constructor(cause: Error, state: { bodySent: boolean; timedOut: boolean }) {
    super(cause.message, { cause });
    this.name = 'FormPostError';
    this.bodySent = state.bodySent;
    this.timedOut = state.timedOut;
  }
}

/** AT's answers are a few hundred bytes; anything far bigger is not AT and is cut off. */
const maxAnswerBytes = 1024 * 1024;

/**
 * POSTs a body through undici's documented low-level `dispatch`, which (unlike `request`) tells
 * us when the request was fully written (`onRequestSent`). That is what separates a failure AT
 * cannot have seen from one after which the SMS may already be out. `timeoutMs` bounds the whole
 * exchange, from queueing for a connection to the last byte of the answer.
 */
export function postForm(
  dispatcher: Dispatcher,
  options: { path: string; headers: Record<string, string>; body: Buffer; timeoutMs: number },
): Promise<FormPostAnswer> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | null = null;
    let bodySent = false;
    let timedOut = false;
    let settled = false;
    let statusCode = 0;
    let retryAfter: string | undefined;
    let size = 0;
    const chunks: Buffer[] = [];

    const finish = (error: Error | null): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (error) {
        reject(new FormPostError(error, { bodySent, timedOut }));
      } else {
        resolve({
          statusCode,
          body: Buffer.concat(chunks).toString('utf8'),
          ...(retryAfter !== undefined ? { retryAfter } : {}),
        });
      }
    };

    const timer = setTimeout(() => {
      timedOut = true;
      const error = new Error(`timed out after ${options.timeoutMs} ms`);
      controller?.abort(error);
      finish(error);
    }, options.timeoutMs);

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (settled) {
          // The timer fired while the request still waited for a connection.
          started.abort(new Error('timed out before the request started'));
        }
      },
      onRequestSent() {
        bodySent = true;
      },
      onResponseStart(_controller, status, headers) {
        // An answer implies the server read the request, even if undici had not yet noted it.
        bodySent = true;
        statusCode = status;
        const header = headers['retry-after'];
        retryAfter = Array.isArray(header) ? header[0] : header;
      },
      onResponseData(current, chunk) {
        size += chunk.length;
        if (size > maxAnswerBytes) {
          current.abort(new Error(`answer larger than ${maxAnswerBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        finish(null);
      },
      onResponseError(_controller, error) {
        finish(error);
      },
    };

    try {
      dispatcher.dispatch(
        { method: 'POST', path: options.path, headers: options.headers, body: options.body },
        handler,
      );
    } catch (error) {
      finish(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
