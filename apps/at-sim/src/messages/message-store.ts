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

/** The last `capacity` messages, oldest first; older ones are forgotten. */
export function createMessageStore(capacity: number) {
  let messages: ReceivedMessage[] = [];
  const byId = new Map<string, ReceivedMessage>();

  return {
    add(message: ReceivedMessage): void {
      messages.push(message);
      if (message.id !== null) {
        byId.set(message.id, message);
      }
      // Trim in batches so a full store does not shift 10 000 entries on every message.
      if (messages.length > capacity * 1.1 + 1) {
        for (const dropped of messages.slice(0, messages.length - capacity)) {
          if (dropped.id !== null) {
            byId.delete(dropped.id);
          }
        }
        messages = messages.slice(messages.length - capacity);
      }
    },
    list(filter: { to?: string | undefined } = {}): ReceivedMessage[] {
      const recent = messages.length > capacity ? messages.slice(messages.length - capacity) : messages;
      return filter.to === undefined ? [...recent] : recent.filter((m) => m.to === filter.to);
    },
    setDeliveryStatus(id: string, status: string): void {
      const message = byId.get(id);
      if (message) {
        message.deliveryStatus = status;
      }
    },
    clear(): void {
      messages = [];
      byId.clear();
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
