// Africa's Talking's per-recipient status codes as its documentation lists them. The simulator
// keeps its own copy instead of importing the gateway's: it imitates AT, and a mistake shared by
// both sides would hide in every test.
const names: Readonly<Record<number, string>> = {
  100: 'Processed',
  101: 'Success',
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

/** AT answers status "Success" with code 101; failures carry the code's name. */
export function statusName(code: number): string {
  return names[code] ?? 'UnknownStatus';
}

/** Codes for which AT took the message: it gets an id, a cost and delivery reports. */
export function isAcceptedCode(code: number): boolean {
  return code >= 100 && code <= 102;
}
