-- People who receive alerts, their channels and subscriptions, teams and on-call rotas (issue 13).
-- Edited by an admin in the command center (audited); read by the notifier as one snapshot (core/people.ts).
CREATE TABLE people (
  id           text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  language     text NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
  -- The command-center login of this person, when they have one.
  login_user   text UNIQUE,
  active       boolean NOT NULL DEFAULT true,
  -- Minutes after local (WITA) midnight; both null = no quiet hours.
  quiet_start  integer CHECK (quiet_start BETWEEN 0 AND 1439),
  quiet_end    integer CHECK (quiet_end BETWEEN 0 AND 1439),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text NOT NULL,
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);

CREATE TABLE person_channels (
  id          bigserial PRIMARY KEY,
  person_id   text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('webpush', 'whatsapp', 'telegram', 'email')),
  -- Email, Telegram chat id, WhatsApp number (E.164 digits) as a JSON string; a Web Push subscription as an object.
  address     jsonb NOT NULL,
  rank        integer NOT NULL DEFAULT 0,
  enabled     boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_channels_by_person ON person_channels (person_id, rank);
-- One row per push endpoint: a browser that subscribes again replaces its row.
CREATE UNIQUE INDEX person_channels_push_endpoint ON person_channels ((address ->> 'endpoint')) WHERE kind = 'webpush';

CREATE TABLE subscriptions (
  id            bigserial PRIMARY KEY,
  person_id     text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  districts     text[] NOT NULL DEFAULT '{}',
  kinds         text[] NOT NULL DEFAULT '{}',
  categories    text[] NOT NULL DEFAULT '{emergency}',
  min_severity  text NOT NULL DEFAULT 'warning' CHECK (min_severity IN ('info', 'warning', 'critical'))
);
CREATE INDEX subscriptions_by_person ON subscriptions (person_id);

CREATE TABLE teams (
  id                text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  name_id           text NOT NULL,
  name_en           text NOT NULL,
  kinds             text[] NOT NULL DEFAULT '{}',
  districts         text[] NOT NULL DEFAULT '{}',
  lead_person_id    text REFERENCES people (id) ON DELETE SET NULL,
  backup_after_min  integer NOT NULL DEFAULT 10 CHECK (backup_after_min BETWEEN 1 AND 1440),
  lead_after_min    integer NOT NULL DEFAULT 20 CHECK (lead_after_min BETWEEN 1 AND 1440),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        text NOT NULL
);

CREATE TABLE rota_shifts (
  id         bigserial PRIMARY KEY,
  team_id    text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  person_id  text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('primary', 'backup')),
  starts_at  timestamptz NOT NULL,
  ends_at    timestamptz NOT NULL CHECK (ends_at > starts_at)
);
CREATE INDEX rota_shifts_by_team ON rota_shifts (team_id, ends_at);

-- Acknowledge links sent in messages: single use. The token is signed (HMAC) and carries its id; the row
-- records that it was used, by whom and when, so a second click (or a forwarded message) is refused.
CREATE TABLE ack_links_used (
  token_id   text PRIMARY KEY,
  alert_id   text NOT NULL,
  person_id  text NOT NULL,
  used_at    timestamptz NOT NULL DEFAULT now()
);

-- Bumped in the same transaction as every change above, so the notifier notices a change by polling one integer.
CREATE TABLE directory_state (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version    bigint NOT NULL DEFAULT 0
);
INSERT INTO directory_state (singleton, version) VALUES (true, 0);
