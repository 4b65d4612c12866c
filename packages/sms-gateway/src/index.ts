export { createAfricasTalkingGateway } from './africastalking.gateway.ts';
export {
  classifyRecipientStatus,
  recipientStatusCodeForName,
  recipientStatusNames,
} from './classify-recipient-status.ts';
export { interpretMessagingResponse } from './interpret-messaging-response.ts';
export type {
  AfricasTalkingConfig,
  SendOutcomeClass,
  SendSmsRequest,
  SendSmsResult,
  SmsGateway,
} from './types.ts';
