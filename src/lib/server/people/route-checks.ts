/**
 * The people API's own checks of a request, before any schema or store sees it (routes/api/people, api/teams): their
 * problems are made from codes (schemas/reason.ts), so that the audit log says them in the reader's language; the
 * English is what the API always answered. Pure, for tests: the routes pass what they read.
 */
import { MAX_PROBLEMS } from '../../schemas/issues';
import { say, sayWith } from '../../schemas/reason';

/** A positive integer id from the path, or null. */
export function pathId(text: string): number | null {
  return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : null;
}

/** Why an id from the path (`channelId`, `shiftId`, `subscriptionId`) is refused, or null when it is one. */
export function pathIdProblem(what: 'channel' | 'shift' | 'subscription', text: string): string | null {
  if (pathId(text) !== null) return null;
  return say(what === 'channel' ? 'channelIdPath' : what === 'shift' ? 'shiftIdPath' : 'subscriptionIdPath');
}

/** The problems of a channel's PATCH (`{ rank?, enabled? }`) to channel `channelIdText` of the path. */
export function channelEditProblems(channelIdText: string, rank: unknown, enabled: unknown): string[] {
  const errors: string[] = [];
  const badId = pathIdProblem('channel', channelIdText);
  if (badId) errors.push(badId);
  if (rank !== undefined && !(Number.isInteger(rank) && (rank as number) >= 0 && (rank as number) <= 99)) errors.push(`rank ${say('wholeNumberIn', { min: 0, max: 99 })}`);
  if (enabled !== undefined && typeof enabled !== 'boolean') errors.push(`enabled ${say('trueOrFalse')}`);
  if (rank === undefined && enabled === undefined) errors.push(say('nothingToChange'));
  return errors;
}

/**
 * The problems of an edit's `changes` to a person's or team's fields `editable`. Unknown fields past MAX_PROBLEMS are
 * counted, not worded: a body of thousands of keys made as many messages, pushing the first ones out of what sayWith
 * remembers (shown in English in /audit).
 */
export function changesProblems(kind: 'person' | 'team', changes: unknown, editable: readonly string[]): string[] {
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return [say(kind === 'person' ? 'changesPersonObject' : 'changesTeamObject')];
  const unknown = Object.keys(changes).filter((k) => !editable.includes(k));
  const worded = unknown.slice(0, MAX_PROBLEMS).map((k) => `changes: ${sayWith('notChangeableHere', { field: k.slice(0, 40) })}`);
  return unknown.length > MAX_PROBLEMS ? [...worded, sayWith('moreProblems', { count: unknown.length - MAX_PROBLEMS })] : worded;
}

/**
 * A person's login must be a user of this command center (`users`): acknowledging in the app acts as the person linked
 * to the login, so a typo would silently cut that link.
 */
export function loginProblems(user: string | null | undefined, users: { has(login: string): boolean }): string[] {
  if (!user || users.has(user)) return [];
  return [`user: ${sayWith('notLogin', { login: user.slice(0, 64) })}`];
}
