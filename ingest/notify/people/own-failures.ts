/**
 * The failures Pantau words itself on a delivery record (a channel's own failure, "503" or a provider's text, is shown as
 * it came). Named here, with a code each, so that the audit log stores the code beside the sentence and says it in the
 * reader's language (messages-audit-*.ts `failure.pantau:<code>`, whose English is this text word for word: records.test.ts).
 */
export const OWN_FAILURES = {
  undeliverable: 'no usable channel (none enabled, or none configured on this server)',
  unreachedBackup: 'no channel reached them; paging the backup at once',
  unreachedLead: 'no channel reached them; paging the lead at once'
} as const;

export type OwnFailure = keyof typeof OWN_FAILURES;

const CODES: ReadonlyMap<string, OwnFailure> = new Map(Object.entries(OWN_FAILURES).map(([code, text]) => [text, code as OwnFailure]));

/** The code of failure text `error` when Pantau wrote it (an exact text of OWN_FAILURES), else undefined. */
export function ownFailureCode(error: string): OwnFailure | undefined {
  return CODES.get(error);
}
