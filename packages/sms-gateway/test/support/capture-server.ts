import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Responder = (request: CapturedRequest, res: ServerResponse, req: IncomingMessage) => void;

export interface CaptureServer {
  url: string;
  requests: CapturedRequest[];
  /** How the next requests are answered; AT's 201 with one accepted recipient until changed. */
  respondWith: (responder: Responder) => void;
  close: () => Promise<void>;
}

export const acceptedBody = {
  SMSMessageData: {
    Message: 'Sent to 1/1 Total Cost: KES 0.8000',
    Recipients: [
      {
        statusCode: 101,
        number: '+254712345678',
        cost: 'KES 0.8000',
        status: 'Success',
        messageId: 'ATXid_0123456789abcdef0123456789abcdef',
      },
    ],
  },
};

export function json(status: number, body: unknown): Responder {
  return (_request, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

export function text(status: number, body: string): Responder {
  return (_request, res) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(body);
  };
}

/** A real HTTP server on a loopback port that records each request and answers as told. */
export async function startCaptureServer(): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  let responder: Responder = json(201, acceptedBody);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const captured = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(captured);
      responder(captured, res, req);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith: (next) => {
      responder = next;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
