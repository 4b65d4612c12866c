import { randomBytes } from 'node:crypto';
import type { DeliveryPlan } from '../delivery-reports/delivery-plan.ts';
import type { FaultStore } from '../faults/fault-store.ts';
import type { MessageStore, ReceivedMessage } from '../messages/message-store.ts';
import { isValidRecipient, networkCodeFor } from '../sms/phone-numbers.ts';
import { countSegments } from '../sms/segments.ts';
import { isAcceptedCode, statusName } from '../sms/status-codes.ts';

/** AT's exact wording for a wrong apiKey/username pair (HTTP 401, text/plain). */
const authenticationInvalid = 'The supplied authentication is invalid';

export interface MessagingForm {
  username?: unknown;
  to?: unknown;
  message?: unknown;
  from?: unknown;
  enqueue?: unknown;
}

interface MessagingAnswer {
  status: number;
  contentType: 'text/plain; charset=utf-8' | 'application/json';
  body: string;
  /** Retry-After, when a rule gives one (AT sends it with 429). */
  retryAfter?: string;
}

export interface MessagingOutcome {
  /** Added latency before answering (ms). */
  delayMs: number;
  /** Null: never answer (the client times out). */
  answer: MessagingAnswer | null;
  /** Delivery reports to schedule once the answer is out. */
  deliveries: DeliveryPlan[];
}

interface AtRecipient {
  statusCode: number;
  number: string;
  cost: string;
  status: string;
  messageId: string;
}

export interface MessagingContext {
  username: string;
  apiKey: string;
  currency: string;
  costPerSegment: number;
  faults: FaultStore;
  messages: MessageStore;
}

/**
 * Answers one `POST /version1/messaging` the way Africa's Talking does, then lets the fault
 * rules bend the answer. Pure decision making: the route does the waiting and the sending.
 */
export function handleMessagingRequest(
  context: MessagingContext,
  apiKey: string | undefined,
  form: MessagingForm,
): MessagingOutcome {
  if (apiKey !== context.apiKey || text(form.username) !== context.username) {
    return immediate(plainText(401, authenticationInvalid));
  }
  const to = text(form.to);
  const message = text(form.message);
  if (to === undefined || to.trim() === '') {
    return immediate(plainText(400, "Request is missing required form field 'to'"));
  }
  if (message === undefined || message === '') {
    return immediate(plainText(400, "Request is missing required form field 'message'"));
  }

  const numbers = to
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const segments = countSegments(message).segments;
  const receivedAt = new Date().toISOString();
  const record = (
    fields: Pick<ReceivedMessage, 'id' | 'to' | 'statusCode' | 'status' | 'httpStatus' | 'cost' | 'faults'>,
  ) =>
    context.messages.add({
      id: fields.id,
      to: fields.to,
      message,
      from: text(form.from) ?? null,
      username: context.username,
      enqueue: text(form.enqueue) === '1' || text(form.enqueue) === 'true',
      statusCode: fields.statusCode,
      status: fields.status,
      httpStatus: fields.httpStatus,
      cost: fields.cost,
      segments,
      deliveryStatus: null,
      faults: fields.faults,
      receivedAt,
    });
  const delayMs = context.faults.take(['latency'], numbers)?.delayMs ?? 0;
  const latencyFaults = delayMs > 0 ? ['latency'] : [];
  const fault = context.faults.take(['timeout', 'httpError', 'emptyRecipients'], numbers);

  if (
    fault?.kind === 'httpError' ||
    fault?.kind === 'emptyRecipients' ||
    (fault?.kind === 'timeout' && !fault.processed)
  ) {
    const answer =
      fault.kind === 'httpError'
        ? {
            ...plainText(
              fault.status,
              fault.body ?? (fault.status === 401 ? authenticationInvalid : `HTTP ${fault.status}`),
            ),
            ...(fault.retryAfter === undefined ? {} : { retryAfter: fault.retryAfter }),
          }
        : fault.kind === 'emptyRecipients'
          ? json(201, { SMSMessageData: { Message: fault.message ?? 'InvalidSenderId', Recipients: [] } })
          : null;
    const status =
      fault.kind === 'httpError'
        ? `HTTP ${fault.status}`
        : fault.kind === 'timeout'
          ? 'Timeout'
          : (fault.message ?? 'InvalidSenderId');
    for (const number of numbers) {
      record({
        id: null,
        to: number,
        statusCode: null,
        status,
        httpStatus: answer?.status ?? null,
        cost: '0',
        faults: [...latencyFaults, fault.kind],
      });
    }
    return { delayMs, answer, deliveries: [] };
  }

  const deliveries: DeliveryPlan[] = [];
  let total = 0;
  const recipients = numbers.map((number): AtRecipient => {
    const applied = [...latencyFaults, ...(fault ? [fault.kind] : [])];
    const recipient = answerRecipient(context, number, segments, applied);
    const id = recipient.messageId === 'None' ? null : recipient.messageId;
    record({
      id,
      to: number,
      statusCode: recipient.statusCode,
      status: recipient.status,
      httpStatus: fault?.kind === 'timeout' ? null : 201,
      cost: recipient.cost,
      faults: applied,
    });
    if (id !== null) {
      total += segments * context.costPerSegment;
      deliveries.push(planDelivery(context, id, number, applied));
    }
    return recipient;
  });

  const accepted = deliveries.length;
  const totalCost = total > 0 ? `${context.currency} ${total.toFixed(4)}` : '0';
  const answer = json(201, {
    SMSMessageData: {
      Message: `Sent to ${accepted}/${numbers.length} Total Cost: ${totalCost}`,
      Recipients: recipients,
    },
  });
  // A processed timeout took the messages (they will be delivered) but the client never hears so.
  return { delayMs, answer: fault?.kind === 'timeout' ? null : answer, deliveries };
}

function answerRecipient(
  context: MessagingContext,
  number: string,
  segments: number,
  applied: string[],
): AtRecipient {
  if (!isValidRecipient(number)) {
    return { statusCode: 403, number, cost: '0', status: statusName(403), messageId: 'None' };
  }
  const rule = context.faults.take(['recipientStatus'], [number]);
  if (rule) {
    applied.push(rule.kind);
  }
  const statusCode = rule?.statusCode ?? 101;
  if (!isAcceptedCode(statusCode)) {
    return { statusCode, number, cost: '0', status: statusName(statusCode), messageId: 'None' };
  }
  return {
    statusCode,
    number,
    cost: `${context.currency} ${(segments * context.costPerSegment).toFixed(4)}`,
    status: statusName(statusCode),
    messageId: `ATXid_${randomBytes(16).toString('hex')}`,
  };
}

function planDelivery(
  context: MessagingContext,
  id: string,
  number: string,
  applied: string[],
): DeliveryPlan {
  const flow = context.faults.take(['dlrDrop', 'dlrDuplicate', 'dlrReorder'], [number]);
  const final = context.faults.take(['dlrFinal'], [number]);
  const late = context.faults.take(['dlrDelay'], [number]);
  for (const rule of [flow, final, late]) {
    if (rule) {
      applied.push(rule.kind);
    }
  }
  return {
    id,
    phoneNumber: number,
    networkCode: networkCodeFor(number),
    interimStatus: 'Submitted',
    finalStatus: final?.status ?? 'Success',
    failureReason: final?.failureReason ?? null,
    drop: flow?.kind === 'dlrDrop' ? (flow.which ?? 'all') : 'none',
    finalCopies: flow?.kind === 'dlrDuplicate' ? (flow.copies ?? 2) : 1,
    reorder: flow?.kind === 'dlrReorder',
    delayMs: late?.delayMs ?? null,
  };
}

function text(value: unknown): string | undefined {
  // A repeated form field arrives as an array; AT reads the first.
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

function immediate(answer: MessagingAnswer): MessagingOutcome {
  return { delayMs: 0, answer, deliveries: [] };
}

function plainText(status: number, body: string): MessagingAnswer {
  return { status, contentType: 'text/plain; charset=utf-8', body };
}

function json(status: number, body: unknown): MessagingAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}
