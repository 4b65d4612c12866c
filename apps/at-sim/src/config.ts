import { ConfigError, describeEnvironment, fragments, loadConfig } from '@sokoni/config';
import { type Static, Type } from 'typebox';
import type { FaultRule } from './faults/fault-rule.schema.ts';
import { InvalidFaultRulesError, parseFaultRules } from './faults/parse-fault-rules.ts';

// The simulator only ever runs in development and tests, so its credentials have defaults:
// they guard nothing real, and bin/dev, docker-compose and tests can rely on them.
const atSimEnvSchema = Type.Object({
  ...fragments.nodeEnv,
  ...fragments.logging,
  ...fragments.http(3002),
  AT_SIM_USERNAME: Type.String({
    minLength: 1,
    default: 'sandbox',
    description: "username clients must send (AT's sandbox username by default)",
  }),
  AT_SIM_API_KEY: Type.String({
    minLength: 1,
    default: 'at-sim-dev-key',
    description: 'apiKey header clients must send; a development default, since this is a simulator',
  }),
  AT_SIM_CALLBACK_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'delivery-report callback URL (AT dashboard: SMS > Callback URLs); none → no reports',
    }),
  ),
  AT_SIM_DLR_DELAY_MS: Type.Integer({
    minimum: 0,
    default: 200,
    description: 'ms from acceptance to the final delivery report (the interim one comes at a quarter)',
  }),
  AT_SIM_DLR_RETRIES: Type.Integer({
    minimum: 0,
    default: 3,
    description: 'retries of a delivery-report POST the callback refused or failed',
  }),
  AT_SIM_DLR_RETRY_BACKOFF_MS: Type.Integer({
    minimum: 0,
    default: 500,
    description: 'first delay between delivery-report retries (ms); doubles each retry',
  }),
  AT_SIM_CURRENCY: Type.String({
    pattern: '^[A-Z]{3}$',
    default: 'KES',
    description: 'currency of reported costs',
  }),
  AT_SIM_COST_PER_SEGMENT: Type.Number({ minimum: 0, default: 0.8, description: 'price of one SMS segment' }),
  AT_SIM_MAX_MESSAGES: Type.Integer({
    minimum: 1,
    default: 10_000,
    description: 'received messages (and posted reports) kept in memory for GET /messages',
  }),
  AT_SIM_FAULTS: Type.Optional(
    Type.String({
      description:
        'fault rules active from start, as a JSON array (same format as POST /control/faults), e.g. [{"kind":"recipientStatus","statusCode":500,"probability":0.1}]',
    }),
  ),
});

type AtSimEnv = Static<typeof atSimEnvSchema>;
export type AtSimConfig = Omit<AtSimEnv, 'AT_SIM_FAULTS'> & { faults: FaultRule[] };

/** Reads the environment once at boot; fails with one line per bad variable. */
export function loadAtSimConfig(env: Record<string, string | undefined> = process.env): AtSimConfig {
  const { AT_SIM_FAULTS, ...rest } = loadConfig(atSimEnvSchema, env);
  return { ...rest, faults: parseFaultsVariable(AT_SIM_FAULTS) };
}

function parseFaultsVariable(value: string | undefined): FaultRule[] {
  if (value === undefined) {
    return [];
  }
  try {
    return parseFaultRules(JSON.parse(value));
  } catch (error) {
    const reason =
      error instanceof InvalidFaultRulesError
        ? error.problems.join('; ')
        : `not JSON (${(error as Error).message})`;
    throw new ConfigError([`AT_SIM_FAULTS ${reason}: see AT_SIM_FAULTS in apps/at-sim/README.md`]);
  }
}

// `node apps/at-sim/src/config.ts` prints the variables the simulator reads, with their defaults, as JSON:
// what the deployment checks hold .env.example, compose and the chart to, without importing the simulator.
if (import.meta.main) {
  console.log(JSON.stringify(describeEnvironment(atSimEnvSchema)));
}
