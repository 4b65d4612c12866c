import { notificationStatuses } from '@sokoni/db';
import { Type } from 'typebox';
import { PageQuery, TimeFilter, Timestamp, Uuid } from '../../schemas/common.ts';

const NotificationStatus = Type.Enum(notificationStatuses, {
  description: 'pending → queued → sending → sent → delivered | failed | rejected',
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const Notification = Type.Object(
  {
    id: Uuid,
    orderId: Nullable(Uuid),
    customerId: Uuid,
    channel: Type.String({ description: 'sms, or email (a staff e-mail of a new order)' }),
    trigger: Type.String({ description: 'order.created, order.status.<status> or resend' }),
    recipient: Type.String({ description: 'E.164 phone number, or the staff e-mail address' }),
    body: Type.String({
      description:
        'the SMS text; for an e-mail, the JSON the e-mail is rendered from (order, lines, customer, link)',
    }),
    encoding: Type.String({ description: 'GSM-7 or UCS-2' }),
    segments: Type.Integer({ description: 'SMS segments the body is billed as' }),
    status: NotificationStatus,
    attempts: Type.Integer({ description: "calls made to Africa's Talking" }),
    providerMessageId: Nullable(Type.String()),
    providerStatusCode: Nullable(Type.Integer()),
    cost: Nullable(Type.String({ description: "as Africa's Talking reports it, e.g. KES 0.8000" })),
    lastError: Nullable(Type.String()),
    resendOf: Nullable(Uuid),
    sentAt: Nullable(Timestamp),
    deliveredAt: Nullable(Timestamp),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Notification' },
);

const NotificationAttempt = Type.Object(
  {
    attempt: Type.Integer(),
    outcome: Type.String({ description: 'accepted, permanent, account or transient' }),
    httpStatus: Nullable(Type.Integer()),
    providerStatusCode: Nullable(Type.Integer()),
    providerMessageId: Nullable(Type.String()),
    cost: Nullable(Type.String()),
    error: Nullable(Type.String()),
    startedAt: Timestamp,
    finishedAt: Timestamp,
  },
  { title: 'NotificationAttempt' },
);

const DeliveryReport = Type.Object(
  {
    status: Type.String({
      description: 'Sent, Submitted, Buffered (interim); Success, Failed, Rejected (final)',
    }),
    failureReason: Nullable(Type.String()),
    networkCode: Nullable(Type.String()),
    retryCount: Nullable(Type.Integer()),
    receivedAt: Timestamp,
  },
  { title: 'DeliveryReport' },
);

export const NotificationDetail = Type.Object(
  {
    ...Notification.properties,
    // `attempts` stays the count every notification carries (API conventions); the calls are listed here.
    sendAttempts: Type.Array(NotificationAttempt, { description: 'every call to the gateway, oldest first' }),
    deliveryReports: Type.Array(DeliveryReport, {
      description: 'every delivery report received, oldest first',
    }),
  },
  { title: 'NotificationDetail' },
);

const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const NotificationSummary = Type.Object(
  {
    pending: Count('written, not yet handed to the queue'),
    queued: Count('on the queue, not yet taken by a worker'),
    sending: Count("taken by a worker, its call to Africa's Talking (or the mail server) not yet answered"),
    failedLastHour: Count('created within the last hour and failed since'),
    outboxLagS: Type.Number({
      minimum: 0,
      description:
        'age in seconds of the oldest notification still owed (pending or queued), 0 when none is: ' +
        'the sokoni_outbox_lag_seconds the worker exports',
    }),
  },
  { title: 'NotificationSummary', additionalProperties: false },
);

const CreatedRange = {
  createdBefore: Type.Optional(TimeFilter('created strictly before')),
  createdAfter: Type.Optional(TimeFilter('created at or after')),
};

export const ListNotificationsQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(NotificationStatus),
    orderId: Type.Optional(Uuid),
    customerId: Type.Optional(Uuid),
    ...CreatedRange,
  },
  { additionalProperties: false },
);

export const OrderNotificationsQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(NotificationStatus), ...CreatedRange },
  { additionalProperties: false },
);

/** What Africa's Talking posts (form-encoded); unknown fields are kept in the raw copy. */
export const DeliveryReportForm = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200, description: 'the messageId of the send' }),
    status: Type.String({ minLength: 1, maxLength: 50 }),
    phoneNumber: Type.Optional(Type.String({ maxLength: 50 })),
    networkCode: Type.Optional(Type.String({ maxLength: 20 })),
    failureReason: Type.Optional(Type.String({ maxLength: 200 })),
    retryCount: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
  },
  { additionalProperties: Type.String({ maxLength: 1000 }) },
);

export const WebhookSecretParams = Type.Object(
  // An empty secret is no URL of this route (the path then ends at delivery-reports/).
  { secret: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
