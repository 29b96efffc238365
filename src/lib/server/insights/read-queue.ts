import { inHeavyReadTurn } from '../heavy-reads';

/** Insights read weeks of every sensor: in the heavy reads' turn (heavy-reads.ts), or null when it is full. */
export function inInsightsTurn<T>(read: () => Promise<T>): Promise<T> | null {
  return inHeavyReadTurn(read);
}
