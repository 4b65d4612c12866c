export interface SimulatorMessage {
  message: string;
  receivedAt: string;
}

/** Every message the simulator holds, page after page (GET /messages answers newest first). */
export async function allSimulatorMessages(simulatorUrl: string): Promise<SimulatorMessage[]> {
  const messages: SimulatorMessage[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${cursor}`;
    const response = await fetch(`${simulatorUrl}/messages?limit=1000${query}`);
    if (!response.ok) {
      throw new Error(`the simulator's GET /messages answered ${response.status}`);
    }
    const page = (await response.json()) as { items: SimulatorMessage[]; nextCursor?: string | null };
    messages.push(...page.items);
    cursor = page.nextCursor ?? null;
  } while (cursor !== null);
  return messages;
}
