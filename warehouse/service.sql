-- Tables of the long-running service: API tokens, scheduled jobs and what
-- HTTP sources last served. They are not copied into the analysts' snapshot.

CREATE SEQUENCE IF NOT EXISTS token_ids START 1;

-- API tokens. Only the SHA-256 of a token is stored; the token itself is
-- printed once, when it is created.
CREATE TABLE IF NOT EXISTS api_tokens (
    id         BIGINT PRIMARY KEY,
    sha256     VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,   -- province | analyst
    area       VARCHAR,            -- the province a province token may report for
    note       VARCHAR,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

-- The last run of each scheduled job.
CREATE TABLE IF NOT EXISTS job_runs (
    job          VARCHAR PRIMARY KEY,
    last_success TIMESTAMPTZ,
    last_run     TIMESTAMPTZ,
    last_error   VARCHAR
);

-- What an HTTP source last answered, for conditional requests.
CREATE TABLE IF NOT EXISTS source_state (
    url           VARCHAR PRIMARY KEY,
    etag          VARCHAR,
    last_modified VARCHAR,
    sha256        VARCHAR
);

-- People who sign in to the web application. Passwords are stored as
-- argon2id hashes in the PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
CREATE SEQUENCE IF NOT EXISTS user_ids START 1;
CREATE TABLE IF NOT EXISTS users (
    id            BIGINT PRIMARY KEY,
    name          VARCHAR NOT NULL UNIQUE,
    role          VARCHAR NOT NULL,   -- admin | staff | analyst | province
    area          VARCHAR,            -- a province user's province (GSO code)
    password_hash VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    password_at   TIMESTAMPTZ NOT NULL,
    disabled_at   TIMESTAMPTZ
);

-- Signed-in browsers. The cookie holds a random secret; only its SHA-256 is
-- kept. csrf is the token every form that changes something carries.
CREATE TABLE IF NOT EXISTS web_sessions (
    sha256     VARCHAR PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    csrf       VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

