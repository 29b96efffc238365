import type pg from 'pg';
import type { AckClaims } from '../../notify/ack-token';

/** What the acknowledge page needs of the person a link was sent to. */
export interface LinkPerson {
  id: string;
  name: string;
  /** Their command-center login, when they have one: acknowledging by link then acts as them. */
  user?: string;
  active: boolean;
}

export interface AckLinkStore {
  person(id: string): Promise<LinkPerson | null>;
  /** When the link was used, or null while it is unused. */
  usedAt(tokenId: string): Promise<number | null>;
  /** Marks the link used; false when it already was (a second click, a forwarded message, a race). */
  claim(claims: AckClaims): Promise<boolean>;
  /** Gives a claimed link back, when the acknowledgement it was for could not be made (a busy server). */
  release(tokenId: string): Promise<void>;
}

/** Single use of acknowledge links, in the registry's database (migration 002, table ack_links_used). */
export function createAckLinkStore(pool: pg.Pool): AckLinkStore {
  return {
    async person(id) {
      const { rows } = await pool.query<{ id: string; name: string; login_user: string | null; active: boolean }>(
        'SELECT id, name, login_user, active FROM people WHERE id = $1',
        [id]
      );
      const row = rows[0];
      return row ? { id: row.id, name: row.name, active: row.active, ...(row.login_user ? { user: row.login_user } : {}) } : null;
    },
    async usedAt(tokenId) {
      const { rows } = await pool.query<{ used_at: Date }>('SELECT used_at FROM ack_links_used WHERE token_id = $1', [tokenId]);
      return rows[0] ? rows[0].used_at.getTime() : null;
    },
    async claim(claims) {
      // The primary key decides between two clicks at once: exactly one insert returns a row.
      const { rowCount } = await pool.query(
        'INSERT INTO ack_links_used (token_id, alert_id, person_id) VALUES ($1, $2, $3) ON CONFLICT (token_id) DO NOTHING',
        [claims.jti, claims.alertId, claims.personId]
      );
      return rowCount === 1;
    },
    async release(tokenId) {
      await pool.query('DELETE FROM ack_links_used WHERE token_id = $1', [tokenId]);
    }
  };
}
