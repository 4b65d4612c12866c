/** One recipient of one `POST /version1/messaging`, as the simulator received and answered it. */
export interface ReceivedMessage {
  /** ATXid_… when accepted; null when refused or never answered. */
  id: string | null;
  to: string;
  message: string;
  from: string | null;
  username: string;
  enqueue: boolean;
  /** Per-recipient statusCode answered; null when the request got no recipient (HTTP error, timeout…). */
  statusCode: number | null;
  /** AT's status name, or what happened instead (e.g. "HTTP 503", "Timeout", "InvalidSenderId"). */
  status: string;
  /** HTTP status answered; null when the simulator never answered. */
  httpStatus: number | null;
  cost: string;
  segments: number;
  /** The last delivery-report status posted for it, if any. */
  deliveryStatus: string | null;
  /** Kinds of the fault rules that shaped this message. */
  faults: string[];
  receivedAt: string;
}

export interface MessagePageQuery {
  /** Only messages to this number. */
  to?: string | undefined;
  /** Most messages returned. */
  limit: number;
  /** Only messages received before the one with this sequence number (the previous page's `nextBefore`). */
  before?: number | undefined;
}

export interface MessagePage {
  /** Newest first. */
  items: ReceivedMessage[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

interface StoredMessage {
  /** Order of arrival: pages are cut on it, so messages arriving meanwhile never shift a page. */
  seq: number;
  message: ReceivedMessage;
}

/** The last `capacity` messages; older ones are forgotten. */
export function createMessageStore(capacity: number) {
  let stored: StoredMessage[] = [];
  let nextSeq = 1;
  const byId = new Map<string, ReceivedMessage>();

  return {
    add(message: ReceivedMessage): void {
      stored.push({ seq: nextSeq, message });
      nextSeq += 1;
      if (message.id !== null) {
        byId.set(message.id, message);
      }
      // Trim in batches so a full store does not shift 10 000 entries on every message.
      if (stored.length > capacity * 1.1 + 1) {
        for (const dropped of stored.slice(0, stored.length - capacity)) {
          if (dropped.message.id !== null) {
            byId.delete(dropped.message.id);
          }
        }
        stored = stored.slice(stored.length - capacity);
      }
    },
    /** One page of the kept messages, newest first. */
    page(query: MessagePageQuery): MessagePage {
      const oldestKept = Math.max(0, stored.length - capacity);
      const items: ReceivedMessage[] = [];
      let lastSeq = 0;
      for (let index = stored.length - 1; index >= oldestKept; index -= 1) {
        const entry = stored[index] as StoredMessage;
        if (query.before !== undefined && entry.seq >= query.before) {
          continue;
        }
        if (query.to !== undefined && entry.message.to !== query.to) {
          continue;
        }
        if (items.length === query.limit) {
          // One more match exists beyond this page.
          return { items, nextBefore: lastSeq };
        }
        items.push(entry.message);
        lastSeq = entry.seq;
      }
      return { items, nextBefore: null };
    },
    setDeliveryStatus(id: string, status: string): void {
      const message = byId.get(id);
      if (message) {
        message.deliveryStatus = status;
      }
    },
    clear(): void {
      stored = [];
      byId.clear();
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
