-- The sensor registry: what engineers edit. The JSON catalog seeds it once (registry/seed.ts);
-- from then on this is the source of truth for the command center's catalog.
CREATE TABLE sensors (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  -- Catalog order (the seed's order, then creation order): the map and lists keep a stable order.
  seq         bigserial NOT NULL UNIQUE,
  kind        text NOT NULL CHECK (kind IN ('traffic', 'flood', 'air')),
  name        text NOT NULL,
  district    text NOT NULL,
  lat         double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon         double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  interval_s  double precision NOT NULL CHECK (interval_s > 0),
  -- Siaga levels {siaga3, siaga2, siaga1} in cm, or null.
  flood       jsonb,
  -- {freeFlowKmh, capacityVehH}, or null.
  traffic     jsonb,
  downstream  text[] NOT NULL DEFAULT '{}',
  -- Catalog keys the registry does not model (a `note` with the source of a threshold): kept, not lost.
  extra       jsonb NOT NULL DEFAULT '{}',
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'maintenance', 'decommissioned')),
  -- Bumped on every change; a client that sends the revision it saw gets a conflict instead of overwriting.
  revision    integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL
);

-- Every change with who, when, why and the sensor before and after (null before a create).
CREATE TABLE sensor_changes (
  id         bigserial PRIMARY KEY,
  sensor_id  text NOT NULL REFERENCES sensors (id),
  revision   integer NOT NULL,
  action     text NOT NULL CHECK (action IN ('seed', 'create', 'edit', 'move', 'decommission', 'import')),
  actor      text NOT NULL,
  role       text NOT NULL,
  reason     text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  before     jsonb,
  after      jsonb NOT NULL
);
CREATE INDEX sensor_changes_by_sensor ON sensor_changes (sensor_id, id DESC);

-- One row: bumped in the same transaction as every change, so every command-center instance notices
-- a change by polling one integer, and never sees a version whose sensors it cannot read yet.
CREATE TABLE registry_state (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version    bigint NOT NULL DEFAULT 0,
  seeded_at  timestamptz
);
INSERT INTO registry_state (singleton, version) VALUES (true, 0);
