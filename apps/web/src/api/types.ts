import type { operations } from '@sokoni/api-client';

// The shapes of the API's answers that the pages pass around, named after what they are. Each is
// taken from the typed client (the API's OpenAPI document), so a field the API renames or drops
// fails the typecheck here, not a page in front of a customer.

/** The JSON body `operation` answers with `status`. */
type Answer<O extends keyof operations, S extends number> = operations[O]['responses'] extends {
  [status in S]: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

export type Customer = Answer<'getMyCustomer', 200>;
export type Product = Answer<'getProduct', 200>;
export type Notification = Answer<'listNotifications', 200>['items'][number];
export type NotificationStatus = Notification['status'];

/** What the API's bulk resend picks by (POST /v1/notifications/resend). */
export type BulkResendFilter = NonNullable<
  operations['resendNotifications']['requestBody']
>['content']['application/json'];
/** The statuses the API's bulk resend picks among. */
export type ResendableStatus = Extract<NonNullable<BulkResendFilter['status']>, string>;
