import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { jsonText } from './common';
import { reasonOf, say, sayWith } from './reason';

describe("a schema's reasons as codes", () => {
  it('a text that is not JSON does not use up what say remembers (its message names the text: one per file or message)', () => {
    const schema = jsonText(v.unknown());
    let last = '';
    // more broken texts than say keeps (2,000): a retained catalog message or a users file may be any text
    for (let i = 0; i < 2_100; i++) {
      const result = v.safeParse(schema, `x${i}`);
      if (result.success) throw new Error('expected a refusal');
      last = result.issues[0].message;
    }
    expect(reasonOf(last)?.code).toBe('notJson');
    // a schema made later (per directory read) is still coded: before, its message was no longer remembered
    const later = say('wholeNumberIn', { min: 7, max: 123_457 });
    expect(reasonOf(later)).toEqual({ code: 'wholeNumberIn', args: { min: 7, max: 123_457 } });
  });

  it("cuts a request's long values (an id from a URL path) to what the audit log keeps (300): remembered messages stay bounded", () => {
    const person = 'p'.repeat(16_000);
    const message = sayWith('noChannel', { person, channel: 7 });
    expect(message).toBe(`person ${person.slice(0, 300)} has no channel 7`);
    expect(reasonOf(message)).toEqual({ code: 'noChannel', args: { person: person.slice(0, 300), channel: 7 } });
  });
});
