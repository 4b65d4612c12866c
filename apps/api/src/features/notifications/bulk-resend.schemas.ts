import { Type } from 'typebox';
import { Uuid } from '../../schemas/common.ts';
import { errorClasses } from './error-classes.ts';

/** Final statuses of a notification that was never delivered: what a bulk resend may pick. */
const resendableStatuses = ['failed', 'rejected', 'expired', 'suppressed'] as const;
/** Without `status`: the ones that failed; `suppressed` (over the daily cap) only when asked. */
export const defaultResendStatuses = ['failed', 'rejected', 'expired'] as const;

const ResendableStatus = Type.Enum(resendableStatuses, {
  description: 'failed, rejected, expired or suppressed',
});

const MAX_BULK_RESEND = 1000;

export const BulkResendBody = Type.Object(
  {
    status: Type.Optional(
      Type.Union([ResendableStatus, Type.Array(ResendableStatus, { minItems: 1, uniqueItems: true })], {
        description: 'one status or several; default failed, rejected and expired',
      }),
    ),
    channel: Type.Optional(Type.Enum(['sms', 'email'])),
    trigger: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'order.created, order.status.<status> or resend',
      }),
    ),
    errorClass: Type.Optional(
      Type.Enum(errorClasses, {
        description:
          "why it was not delivered, from Africa's Talking's status code: account (risk hold, no balance), " +
          'permanent (bad number, blacklisted, sender id), delivery (accepted, then a failed delivery ' +
          'report), transient (anything else, no code included)',
      }),
    ),
    createdAfter: Type.Optional(Type.String({ format: 'date-time', description: 'created at or after' })),
    createdBefore: Type.Optional(Type.String({ format: 'date-time', description: 'created before' })),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_BULK_RESEND,
        default: 100,
        description: 'at most this many originals, oldest first',
      }),
    ),
    dryRun: Type.Optional(
      Type.Boolean({ default: false, description: 'count what would be resent, resend nothing (200)' }),
    ),
  },
  { additionalProperties: false },
);

export const BulkResendCount = Type.Object(
  { count: Type.Integer({ minimum: 0, description: 'notifications that would be resent now' }) },
  { title: 'BulkResendCount' },
);

export const BulkResendResult = Type.Object(
  {
    count: Type.Integer({ minimum: 0, description: 'new notifications written, one per original' }),
    ids: Type.Array(Uuid, { description: 'the new notifications, oldest original first' }),
  },
  { title: 'BulkResendResult' },
);
