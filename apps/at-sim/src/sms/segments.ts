// GSM 03.38: the default alphabet (one septet each) and its extension table (escape + one
// septet, so two). Any other character forces UCS-2 for the whole message.
const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsmExtension = new Set('^{}\\[~]|€\f');

export interface SegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  length: number;
  segments: number;
}

/**
 * How many SMS a text is billed as: GSM-7 fits 160 septets in one message and 153 per part
 * when concatenated (the header takes 7); UCS-2 fits 70 and 67.
 */
export function countSegments(text: string): SegmentCount {
  let septets = 0;
  for (const char of text) {
    if (gsmBasic.has(char)) {
      septets += 1;
    } else if (gsmExtension.has(char)) {
      septets += 2;
    } else {
      return split('UCS-2', text.length, 70, 67);
    }
  }
  return split('GSM-7', septets, 160, 153);
}

function split(
  encoding: SegmentCount['encoding'],
  length: number,
  single: number,
  part: number,
): SegmentCount {
  return { encoding, length, segments: length <= single ? 1 : Math.ceil(length / part) };
}
