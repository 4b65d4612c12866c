import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret given in a webhook's URL is `secret`. Both sides are hashed first, so the
 * comparison takes the same time whatever the guess (its length included) and says nothing
 * about how much of it was right.
 */
export function createSecretCheck(secret: string): (given: string) => boolean {
  const expected = createHash('sha256').update(secret).digest();
  return (given) => timingSafeEqual(createHash('sha256').update(given).digest(), expected);
}
