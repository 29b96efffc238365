import type { Directory, Person, PersonChannel } from '../../../src/lib/core/people';
import type { OutgoingMessage } from '../channels/types';
import { renderAlertMessage, renderDigest } from '../render';
import type { MessageSubject } from './dispatcher';

/**
 * The dispatcher's subjects in words (render.ts), with the team's name from the current directory.
 * The channel is not needed for the words: each plugin styles the same message its own way.
 */
export function renderSubject(directory: () => Directory, digestWindowMs: number) {
  return (person: Person, subject: MessageSubject, _channel: PersonChannel, links: { url: string; ackUrl?: string }): OutgoingMessage => {
    if (subject.type === 'digest') {
      const quiet = subject.quietWindowMs !== undefined;
      const windowMs = subject.quietWindowMs ?? digestWindowMs;
      return renderDigest(subject.alerts, { personId: person.id, language: person.language, url: links.url, windowMs, more: subject.more, quiet, at: subject.at });
    }
    const team = subject.teamId ? directory().teams.find((t) => t.id === subject.teamId)?.name : undefined;
    return renderAlertMessage(
      { type: subject.event, at: subject.at, by: subject.by, alert: subject.alert },
      { personId: person.id, language: person.language, reason: subject.reason, team, waitedMin: subject.waitedMin, url: links.url, ackUrl: links.ackUrl }
    );
  };
}
