import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { measureSms } from '../../src/features/notifications/sms-templates.ts';

/** The full segmenter's reading of a text: what measureSms must agree with on every input. */
function segmenter(body: string) {
  const message = new SegmentedMessage(body, 'auto');
  return { encoding: message.encodingName === 'GSM-7' ? 'GSM-7' : 'UCS-2', segments: message.segmentsCount };
}

const asciiPrintable = fc.string({
  unit: fc.mapToConstant(
    { num: 95, build: (v) => String.fromCharCode(32 + v) },
    { num: 2, build: (v) => '\r\n'[v] ?? '\n' },
  ),
  maxLength: 700,
});

describe('measureSms', () => {
  it('counts plain ASCII exactly as the full segmenter does, at every length around the segment limits', () => {
    for (const length of [1, 70, 153, 159, 160, 161, 306, 307, 459, 460, 1000]) {
      const body = 'a'.repeat(length);
      expect({ body, ...segmenter(body) }).toEqual(measureSms(body));
    }
  });

  it('agrees with the full segmenter on any printable ASCII text, escaped characters included', () => {
    fc.assert(
      fc.property(asciiPrintable, (body) => {
        const { encoding, segments } = measureSms(body);
        expect({ encoding, segments }).toEqual(segmenter(body));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the full segmenter on text with accents, Greek, emoji and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (body) => {
        const { encoding, segments } = measureSms(body);
        expect({ encoding, segments }).toEqual(segmenter(body));
      }),
      { numRuns: 500 },
    );
  });

  it('counts the escaped characters of GSM-7 as two septets', () => {
    expect(measureSms(`${'a'.repeat(159)}~`)).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(measureSms(`${'a'.repeat(158)}~`)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
});
