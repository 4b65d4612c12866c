import type { SendOutcomeClass } from './types.ts';

/**
 * Africa's Talking's per-recipient status codes and their names, as AT documents them. 409 is not
 * in the official list: AT's status page used it for Nigerian sender ids flagged as promotional.
 */
export const recipientStatusNames: Readonly<Record<number, string>> = {
  100: 'Processed',
  101: 'Sent',
  102: 'Queued',
  401: 'RiskHold',
  402: 'InvalidSenderId',
  403: 'InvalidPhoneNumber',
  404: 'UnsupportedNumberType',
  405: 'InsufficientBalance',
  406: 'UserInBlacklist',
  407: 'CouldNotRoute',
  409: 'DoNotDisturbRejection',
  500: 'InternalServerError',
  501: 'GatewayError',
  502: 'RejectedByGateway',
};

// AT publishes no retry policy; this is ours (shared reference, "Per-recipient statusCode").
const classes: Readonly<Record<number, SendOutcomeClass>> = {
  100: 'accepted',
  101: 'accepted',
  102: 'accepted',
  // Retrying the same number, sender id or opted-out user gives the same answer.
  402: 'permanent',
  403: 'permanent',
  404: 'permanent',
  406: 'permanent',
  // A telco rejection: one more attempt rarely changes it, so fail and let an operator resend.
  502: 'permanent',
  // The whole account is stuck until someone tops up or AT lifts the hold: retrying one job
  // only burns its attempts, so the worker pauses sending instead.
  401: 'account',
  405: 'account',
  // Routing and gateway hiccups; 409 (promotional window in Nigeria) passes with time.
  407: 'transient',
  409: 'transient',
  500: 'transient',
  501: 'transient',
};

/** How the worker must treat one recipient's `statusCode`. Codes AT may add later count as transient. */
export function classifyRecipientStatus(code: number): SendOutcomeClass {
  return classes[code] ?? 'transient';
}

/** The code for a status name such as "InvalidSenderId" (AT sometimes answers only a name). */
export function recipientStatusCodeForName(name: string): number | null {
  for (const [code, statusName] of Object.entries(recipientStatusNames)) {
    if (statusName.toLowerCase() === name.trim().toLowerCase()) {
      return Number(code);
    }
  }
  return null;
}
