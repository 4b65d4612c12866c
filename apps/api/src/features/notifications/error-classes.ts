import { classifyRecipientStatus, recipientStatusNames } from '@sokoni/sms-gateway';

/**
 * Why a notification was not delivered, as an operator filters a bulk resend, derived from its
 * `provider_status_code` (Africa's Talking's per-recipient code) with the worker's classification
 * (packages/sms-gateway):
 * - `account`: the account was stuck (401 RiskHold, 405 InsufficientBalance): resend once topped up;
 * - `permanent`: the number, sender id or user was refused (402, 403, 404, 406, 502);
 * - `delivery`: Africa's Talking accepted it (100–102) and a delivery report said it failed;
 * - `transient`: anything else, no code included (timeouts, network errors, gateway errors).
 */
export const errorClasses = ['account', 'permanent', 'delivery', 'transient'] as const;
export type ErrorClass = (typeof errorClasses)[number];

const knownCodes = Object.keys(recipientStatusNames).map(Number);

function codesOf(outcome: 'account' | 'permanent' | 'accepted'): number[] {
  return knownCodes.filter((code) => classifyRecipientStatus(code) === outcome);
}

/** The provider status codes an error class is, or is not, as the bulk resend's SQL filters them. */
export function providerCodesOf(errorClass: ErrorClass): { in: number[] } | { notIn: number[] } {
  switch (errorClass) {
    case 'account':
      return { in: codesOf('account') };
    case 'permanent':
      return { in: codesOf('permanent') };
    case 'delivery':
      return { in: codesOf('accepted') };
    case 'transient':
      return { notIn: [...codesOf('account'), ...codesOf('permanent'), ...codesOf('accepted')] };
  }
}
