/**
 * What the simulator does to a share of the sends while its faults are on (apps/at-sim's fault
 * rules): HTTP 5xx, 429 with Retry-After, timeouts with and without the message taken, each
 * class of per-recipient error (transient, permanent, account-wide), and delivery reports that
 * come late, twice, out of order, failed, or not at all.
 */
const simulatorFaultRules = [
  // The answer to the request (at most one of these per request).
  { kind: 'httpError', status: 503, probability: 0.04 },
  { kind: 'httpError', status: 500, probability: 0.02 },
  { kind: 'httpError', status: 429, retryAfter: '1', probability: 0.01 },
  { kind: 'timeout', probability: 0.02 },
  { kind: 'timeout', processed: true, probability: 0.02 },
  // Per recipient: transient (500, 501, 407), permanent (406, 403, 502), account-wide (405).
  { kind: 'recipientStatus', statusCode: 500, probability: 0.03 },
  { kind: 'recipientStatus', statusCode: 501, probability: 0.01 },
  { kind: 'recipientStatus', statusCode: 407, probability: 0.01 },
  { kind: 'recipientStatus', statusCode: 406, probability: 0.02 },
  { kind: 'recipientStatus', statusCode: 403, probability: 0.01 },
  { kind: 'recipientStatus', statusCode: 502, probability: 0.01 },
  { kind: 'recipientStatus', statusCode: 405, probability: 0.005 },
  // Delivery reports.
  { kind: 'dlrDuplicate', copies: 2, probability: 0.1 },
  { kind: 'dlrReorder', probability: 0.1 },
  { kind: 'dlrDrop', which: 'final', probability: 0.02 },
  { kind: 'dlrDelay', delayMs: 8_000, probability: 0.1 },
  { kind: 'dlrFinal', status: 'Failed', failureReason: 'DeliveryFailure', probability: 0.03 },
  { kind: 'dlrFinal', status: 'Rejected', failureReason: 'UserInBlackList', probability: 0.01 },
] as const;

async function control(simulatorUrl: string, method: 'POST' | 'DELETE', body?: unknown): Promise<void> {
  const response = await fetch(`${simulatorUrl}/control/faults`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  await response.arrayBuffer();
  if (!response.ok) {
    throw new Error(`the simulator answered ${response.status} to ${method} /control/faults`);
  }
}

export const addSimulatorFaults = (simulatorUrl: string) =>
  control(simulatorUrl, 'POST', { rules: simulatorFaultRules });
export const clearSimulatorFaults = (simulatorUrl: string) => control(simulatorUrl, 'DELETE');
