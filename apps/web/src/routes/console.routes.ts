import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type SokoniApi, settle } from '../api/sokoni-api.ts';
import type { BulkResendFilter, NotificationStatus, ResendableStatus } from '../api/types.ts';
import type { WebConfig } from '../config.ts';
import { requireOperator, sessionOf } from '../session/sessions.plugin.ts';
import { readCounters } from './console-counters.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES: readonly NotificationStatus[] = [
  'failed',
  'rejected',
  'expired',
  'suppressed',
  'pending',
  'queued',
  'sending',
  'sent',
  'delivered',
];
/** Statuses a resend applies to (the API's bulk resend picks among these). */
const RESENDABLE: readonly ResendableStatus[] = ['failed', 'rejected', 'expired'];
const isResendable = (status: string): status is ResendableStatus =>
  (RESENDABLE as readonly string[]).includes(status);
const CHANNELS = ['sms', 'email'] as const;
const MAX_SELECTED = 100;

interface ConsoleFilter {
  status?: string;
  channel?: string;
  from?: string;
  to?: string;
  customer?: string;
}

/** A date field (YYYY-MM-DD) as the start of that UTC day, or undefined. */
function dayStart(value: string | undefined, plusDays = 0): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return undefined;
  }
  const date = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) {
    return undefined;
  }
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date.toISOString();
}

/** The console's filter as the forms show it: a field left empty is ''. */
interface CleanFilter {
  status: NotificationStatus;
  channel: (typeof CHANNELS)[number] | '';
  from: string;
  to: string;
  customer: string;
}

function cleanFilter(query: ConsoleFilter): CleanFilter {
  return {
    status: STATUSES.find((status) => status === query.status) ?? 'failed',
    channel: CHANNELS.find((channel) => channel === query.channel) ?? '',
    from: dayStart(query.from) ? (query.from as string) : '',
    to: dayStart(query.to) ? (query.to as string) : '',
    customer: (query.customer ?? '').trim().slice(0, 100),
  };
}

/**
 * The operator console: failed and stuck notifications with filters, each with its attempts and
 * delivery reports; resending one or many, each after a confirmation (many: the API's bulk
 * resend, counted first by a dry run); live counters; links to Bull Board and Grafana.
 */
export async function consoleRoutes(app: FastifyInstance, options: { api: SokoniApi; config: WebConfig }) {
  const { api } = options;
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/console') && !request.url.startsWith('/console/login')) {
      return requireOperator(request, reply);
    }
  });

  /** A customer typed as its code, name or id, as the API's customer search finds it. */
  async function customerIdOf(token: string, text: string): Promise<string | null | undefined> {
    if (!text) {
      return undefined;
    }
    if (UUID.test(text)) {
      return text;
    }
    const found = await settle(
      api.as(token).GET('/v1/customers', { params: { query: { q: text, limit: 1 } } }),
    );
    return found.ok ? (found.data.items[0]?.id ?? null) : null;
  }

  app.get<{ Querystring: ConsoleFilter & { cursor?: string } }>('/console', async (request, reply) => {
    const token = sessionOf(request).accessToken;
    const filter = cleanFilter(request.query);
    const customerId = await customerIdOf(token, filter.customer);
    const [list, counters] = await Promise.all([
      customerId === null
        ? Promise.resolve(undefined)
        : settle(
            api.as(token).GET('/v1/notifications', {
              params: {
                query: {
                  limit: 50,
                  status: filter.status,
                  customerId,
                  createdAfter: dayStart(filter.from),
                  createdBefore: dayStart(filter.to, 1),
                  cursor: request.query.cursor || undefined,
                },
              },
            }),
          ),
      readCounters(api, token),
    ]);
    const items = list?.ok ? list.data.items : [];
    return reply.page('console', {
      title: 'Operator console',
      filter,
      statuses: STATUSES,
      notifications: filter.channel ? items.filter((item) => item.channel === filter.channel) : items,
      nextCursor: list?.ok ? list.data.nextCursor : null,
      problem: list && !list.ok ? list.problem : null,
      unknownCustomer: customerId === null,
      counters,
      resendable: isResendable(filter.status),
    });
  });

  app.get('/console/counters', async (request, reply) =>
    reply.page('counters', { counters: await readCounters(api, sessionOf(request).accessToken) }),
  );

  app.get<{ Params: { id: string } }>('/console/notifications/:id', async (request, reply) => {
    const token = sessionOf(request).accessToken;
    const { id } = request.params;
    const found = UUID.test(id)
      ? await settle(api.as(token).GET('/v1/notifications/{id}', { params: { path: { id } } }))
      : undefined;
    if (!found?.ok) {
      return reply.code(404).page('error', {
        title: 'Notification not found',
        message: 'There is no such notification.',
        action: { href: '/console', label: 'Back to the console' },
      });
    }
    return reply.page('notification', {
      title: `Notification ${found.data.id.slice(0, 8)}`,
      notification: found.data,
      resendable: isResendable(found.data.status),
    });
  });

  // Resending asks first: the confirmation page, then the POST that does it.
  app.get<{ Params: { id: string } }>('/console/notifications/:id/resend', async (request, reply) => {
    const token = sessionOf(request).accessToken;
    const { id } = request.params;
    const found = UUID.test(id)
      ? await settle(api.as(token).GET('/v1/notifications/{id}', { params: { path: { id } } }))
      : undefined;
    if (!found?.ok) {
      return reply
        .code(404)
        .page('error', { title: 'Notification not found', message: 'There is no such notification.' });
    }
    return reply.page('confirm-resend', {
      title: 'Resend this message?',
      notifications: [found.data],
      ids: [found.data.id],
      idempotencyKey: randomUUID(),
      count: 1,
      filter: null,
    });
  });

  app.post<{ Body: { ids?: string | string[]; idempotencyKey?: string; confirm?: string } & ConsoleFilter }>(
    '/console/resend',
    async (request, reply) => {
      const token = sessionOf(request).accessToken;
      const ids = [request.body.ids ?? []]
        .flat()
        .filter((id) => UUID.test(id))
        .slice(0, MAX_SELECTED);
      const given = request.body.idempotencyKey ?? '';
      const idempotencyKey = UUID.test(given) ? given : randomUUID();
      const filter = cleanFilter(request.body);
      const bulkFilter: BulkResendFilter = {
        status: isResendable(filter.status) ? filter.status : 'failed',
        ...(filter.channel ? { channel: filter.channel } : {}),
        ...(dayStart(filter.from) ? { createdAfter: dayStart(filter.from) } : {}),
        ...(dayStart(filter.to, 1) ? { createdBefore: dayStart(filter.to, 1) } : {}),
      };

      if (request.body.confirm !== '1') {
        // The confirmation step: what would be resent, counted by the API for a filter.
        if (ids.length > 0) {
          return reply.page('confirm-resend', {
            title: `Resend ${ids.length} message${ids.length === 1 ? '' : 's'}?`,
            notifications: [],
            ids,
            idempotencyKey,
            count: ids.length,
            filter: null,
          });
        }
        const dryRun = await settle(
          api.as(token).POST('/v1/notifications/resend', { body: { ...bulkFilter, dryRun: true } }),
        );
        if (!dryRun.ok) {
          return reply.code(dryRun.status).page('error', {
            title: 'Could not count the messages',
            message: dryRun.problem.detail ?? dryRun.problem.title,
            action: { href: '/console', label: 'Back to the console' },
          });
        }
        return reply.page('confirm-resend', {
          title: `Resend ${dryRun.data.count} message${dryRun.data.count === 1 ? '' : 's'}?`,
          notifications: [],
          ids: [],
          idempotencyKey,
          count: dryRun.data.count,
          filter,
        });
      }

      if (ids.length > 0) {
        // One resend per selected notification, each with a key of its own derived from the form's.
        const client = api.as(token);
        const results = await Promise.all(
          ids.map((id, index) =>
            settle(
              client.POST('/v1/notifications/{id}/resend', {
                params: { path: { id }, header: { 'idempotency-key': `${idempotencyKey}-${index}` } },
              }),
            ),
          ),
        );
        const created = results.flatMap((result) => (result.ok ? [result.data.id] : []));
        const refused = results.flatMap((result) =>
          result.ok ? [] : [result.problem.detail ?? result.problem.title],
        );
        if (ids.length === 1 && created.length === 1) {
          return reply.redirect(`/console/notifications/${created[0]}?resent=1`, 303);
        }
        return reply.page('resent', { title: 'Resent', created, refused });
      }
      const done = await settle(
        api.as(token).POST('/v1/notifications/resend', {
          params: { header: { 'idempotency-key': idempotencyKey } },
          body: bulkFilter,
        }),
      );
      if (!done.ok) {
        return reply.code(done.status).page('error', {
          title: 'The messages were not resent',
          message: done.problem.detail ?? done.problem.title,
          action: { href: '/console', label: 'Back to the console' },
        });
      }
      // 202 with the new ones' ids (200 is only a dry run's answer).
      const created = 'ids' in done.data ? done.data.ids : [];
      return reply.page('resent', { title: 'Resent', created, refused: [] });
    },
  );
}
