import { SegmentedMessage } from 'sms-segments-calculator';

export interface SegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

/**
 * How many SMS a text is billed as: GSM-7 fits 160 septets in one message and 153 per part
 * when concatenated; a single character outside the GSM alphabet makes the whole text UCS-2
 * (70, then 67 per part). The API measures its texts with the same library.
 */
export function countSegments(text: string): SegmentCount {
  const message = new SegmentedMessage(text, 'auto');
  return { encoding: message.encodingName === 'GSM-7' ? 'GSM-7' : 'UCS-2', segments: message.segmentsCount };
}
