import { describe, expect, it } from 'vitest';
import { auditActionText, auditRoleText } from './audit-labels';

describe('audit log labels', () => {
  it('name roles, the system included, in the reader language', () => {
    expect(auditRoleText('admin', 'id')).toBe('admin');
    expect(auditRoleText('engineer', 'id')).toBe('teknisi');
    expect(auditRoleText('system', 'id')).toBe('sistem');
    expect(auditRoleText('system', 'en')).toBe('system');
  });
  it('say action codes as short words, and show a code without words as the code', () => {
    expect(auditActionText('delivery:uncovered', 'id')).toBe('tanpa tim piket');
    expect(auditActionText('delivery:uncovered', 'en')).toBe('no team on call');
    expect(auditActionText('login', 'id')).toBe('masuk');
    expect(auditActionText('people:team-rename', 'en')).toBe('people:team-rename');
    // not a lookup of any message: "action." + "login" is, "action.toString" is not
    expect(auditActionText('toString', 'en')).toBe('toString');
  });
});
