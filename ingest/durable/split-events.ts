import { escapeMeasurement } from '../../src/lib/core/line-protocol';
import { MEASUREMENTS } from '../../src/lib/core/influx-config';

/** The lines of one write request for one retention policy: texts joined by '\n' make the body. */
export interface ShipPart {
  texts: string[];
  count: number;
}

const EVENTS = escapeMeasurement(MEASUREMENTS.alertEvents);

function isEventLine(line: string): boolean {
  return line.startsWith(EVENTS) && (line[EVENTS.length] === ',' || line[EVENTS.length] === ' ');
}

/**
 * Splits journalled text (lines joined by '\n') into readings and forecasts on one side and alert
 * events on the other: the journal keeps them in one stream, in order, but alert events go to their
 * own retention policy, which a v1 write names per request (`rp=`). Texts without an alert event
 * (nearly all of them) are passed on as they are: one native search each, no split and no copy.
 */
export function splitAlertEvents(texts: readonly string[], count: number): { rest: ShipPart; events: ShipPart } {
  const rest: string[] = [];
  const events: string[] = [];
  for (const text of texts) {
    if (!text.startsWith(EVENTS) && !text.includes('\n' + EVENTS)) {
      rest.push(text);
      continue;
    }
    const others: string[] = [];
    for (const line of text.split('\n')) (isEventLine(line) ? events : others).push(line);
    if (others.length > 0) rest.push(others.join('\n'));
  }
  return { rest: { texts: rest, count: count - events.length }, events: { texts: events, count: events.length } };
}
