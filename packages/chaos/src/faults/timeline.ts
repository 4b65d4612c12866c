/** A fault the run caused, from when it began to when it was over (epoch ms). */
export interface Disruption {
  kind: 'redis-down' | 'redis-flushed' | 'postgres-down' | 'api-down' | 'worker-stopped' | 'simulator-faults';
  /** What exactly, e.g. "worker-2 SIGKILL". */
  detail: string;
  start: number;
  /** Undefined while it lasts. */
  end?: number;
}

/** Every disruption of a run, in the order they began; the invariants read it. */
export function createTimeline() {
  const disruptions: Disruption[] = [];
  return {
    disruptions,
    /** Records that `kind` begins now; call the function it returns once it is over. */
    begin(kind: Disruption['kind'], detail: string): () => void {
      const disruption: Disruption = { kind, detail, start: Date.now() };
      disruptions.push(disruption);
      return () => {
        disruption.end = Date.now();
      };
    },
    /** A disruption with no length (Redis emptied). */
    mark(kind: Disruption['kind'], detail: string): void {
      const now = Date.now();
      disruptions.push({ kind, detail, start: now, end: now });
    },
  };
}

export type Timeline = ReturnType<typeof createTimeline>;
