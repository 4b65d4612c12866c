/// <reference path="./parse-prometheus-text-format.d.ts" />
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** One sample of a scrape; a histogram gives its `_bucket` (with `le`), `_sum` and `_count` samples. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  samples: MetricSample[];
  /** Names of the metric families, as declared by `# TYPE`. */
  families: Map<string, string>;
  /** The sum of the samples named `name` whose labels include `labels`; 0 when there is none. */
  value(name: string, labels?: Record<string, string>): number;
  /** Whether any sample is named `name` (with those labels). */
  has(name: string, labels?: Record<string, string>): boolean;
}

/**
 * parse-prometheus-text-format groups a histogram's or a summary's lines into one entry per
 * family and loses their labels when the family has any besides `le`/`quantile`. So the text is
 * parsed twice: once as it is, for the family types; once with the histogram and summary TYPE
 * lines left out, so that every `_bucket`, `_sum` and `_count` line is a sample with its labels.
 */
function flatten(text: string): { samples: MetricSample[]; families: Map<string, string> } {
  const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family.type]));
  const untyped = text
    .split('\n')
    .filter((line) => !/^# TYPE \S+ (histogram|summary)$/.test(line))
    .join('\n');
  const samples: MetricSample[] = [];
  for (const family of parsePrometheusTextFormat(untyped)) {
    for (const sample of family.metrics) {
      if (sample.value !== undefined) {
        samples.push({ name: family.name, labels: sample.labels ?? {}, value: Number(sample.value) });
      }
    }
  }
  return { samples, families };
}

/** Parses Prometheus's text format with a real parser (parse-prometheus-text-format). */
export function parseMetrics(text: string): Scrape {
  const { samples, families } = flatten(text);
  const matching = (name: string, labels: Record<string, string>) =>
    samples.filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
  return {
    samples,
    families,
    value: (name, labels = {}) => matching(name, labels).reduce((sum, sample) => sum + sample.value, 0),
    has: (name, labels = {}) => matching(name, labels).length > 0,
  };
}

/** GETs `url` (a /metrics endpoint) over HTTP and parses the answer; throws on a non-200. */
export async function scrapeMetrics(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (response.status !== 200) {
    throw new Error(`GET ${url} answered ${response.status}`);
  }
  return parseMetrics(await response.text());
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const digitRun = /\d{7,}/;
const orderNumber = /ORD-/i;

/**
 * Label values of `scrape` that look like personal data or an identifier, or contain one of
 * `seen` (the phone numbers, ids and order numbers a flow used): a uuid, a run of seven digits
 * or more (a phone number), an order number. A metric's labels must be bounded sets.
 */
export function identifyingLabelValues(scrape: Scrape, seen: readonly string[] = []): string[] {
  const found = new Set<string>();
  for (const sample of scrape.samples) {
    for (const [key, value] of Object.entries(sample.labels)) {
      const text = value.replace(/\s/g, '');
      if (
        uuid.test(text) ||
        digitRun.test(text) ||
        orderNumber.test(text) ||
        seen.some((item) => item !== '' && text.includes(item.replace(/\s/g, '')))
      ) {
        found.add(`${sample.name}{${key}="${value}"}`);
      }
    }
  }
  return [...found];
}
