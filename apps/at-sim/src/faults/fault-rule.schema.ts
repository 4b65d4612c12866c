import { type Static, Type } from 'typebox';

// A fault rule changes how the simulator answers or reports. `to` limits it to one recipient
// (E.164); without it the rule applies to every message. `times` makes it expire after that many
// messages (so a test can say "fail twice, then succeed"); `probability` applies it at random.
const common = {
  id: Type.Optional(Type.String({ description: 'assigned by the simulator when omitted' })),
  to: Type.Optional(Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'only for this number' })),
  times: Type.Optional(Type.Integer({ minimum: 1, description: 'messages it applies to before expiring' })),
  probability: Type.Optional(
    Type.Number({ minimum: 0, maximum: 1, description: 'chance of applying (default 1)' }),
  ),
};

const rule = <K extends string, P extends Record<string, Parameters<typeof Type.Optional>[0]>>(
  kind: K,
  props: P,
) => Type.Object({ kind: Type.Literal(kind), ...common, ...props }, { additionalProperties: false });

const recipientStatusRule = rule('recipientStatus', {
  statusCode: Type.Integer({ minimum: 100, maximum: 599, description: 'per-recipient statusCode, e.g. 405' }),
});

const httpErrorRule = rule('httpError', {
  status: Type.Integer({ minimum: 400, maximum: 599, description: 'HTTP status to answer, e.g. 503 or 401' }),
  body: Type.Optional(Type.String({ description: 'plain-text body; AT wording for 401 when omitted' })),
  retryAfter: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'Retry-After header to send (seconds or an HTTP date), e.g. with 429',
    }),
  ),
});

const timeoutRule = rule('timeout', {
  processed: Type.Optional(
    Type.Boolean({
      description: 'take the message (id, delivery reports) but never answer: the duplicate case',
    }),
  ),
});

const latencyRule = rule('latency', {
  delayMs: Type.Integer({ minimum: 0, maximum: 600_000, description: 'wait this long before answering' }),
});

const emptyRecipientsRule = rule('emptyRecipients', {
  message: Type.Optional(
    Type.String({ description: 'SMSMessageData.Message, InvalidSenderId when omitted' }),
  ),
});

const dlrDropRule = rule('dlrDrop', {
  which: Type.Optional(
    Type.Union([Type.Literal('all'), Type.Literal('final')], {
      description: "'all' (default) or only the final",
    }),
  ),
});

const dlrDuplicateRule = rule('dlrDuplicate', {
  copies: Type.Optional(
    Type.Integer({ minimum: 2, maximum: 10, description: 'final reports sent (default 2)' }),
  ),
});

const dlrReorderRule = rule('dlrReorder', {});

const dlrDelayRule = rule('dlrDelay', {
  delayMs: Type.Integer({
    minimum: 0,
    maximum: 3_600_000,
    description:
      'ms from acceptance to the final report of this message (late reports); the interim one comes at a quarter',
  }),
});

const dlrFinalRule = rule('dlrFinal', {
  status: Type.Union([Type.Literal('Success'), Type.Literal('Failed'), Type.Literal('Rejected')]),
  failureReason: Type.Optional(
    Type.String({ description: 'e.g. UserInBlackList; DeliveryFailure when omitted' }),
  ),
});

export const faultRule = Type.Union([
  recipientStatusRule,
  httpErrorRule,
  timeoutRule,
  latencyRule,
  emptyRecipientsRule,
  dlrDropRule,
  dlrDuplicateRule,
  dlrReorderRule,
  dlrDelayRule,
  dlrFinalRule,
]);

export type FaultRule = Static<typeof faultRule>;
export type FaultKind = FaultRule['kind'];
export type FaultRuleOf<K extends FaultKind> = Extract<FaultRule, { kind: K }>;
