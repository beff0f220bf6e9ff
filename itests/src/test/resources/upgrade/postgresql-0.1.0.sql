-- NeuroMail 0.1.0 database for UpgradeIT, made by make-fixture.sh (2026-12-02).
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: databasechangelog; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.databasechangelog (
    id character varying(255) NOT NULL,
    author character varying(255) NOT NULL,
    filename character varying(255) NOT NULL,
    dateexecuted timestamp without time zone NOT NULL,
    orderexecuted integer NOT NULL,
    exectype character varying(10) NOT NULL,
    md5sum character varying(35),
    description character varying(255),
    comments character varying(255),
    tag character varying(255),
    liquibase character varying(20),
    contexts character varying(255),
    labels character varying(255),
    deployment_id character varying(10)
);


--
-- Name: databasechangeloglock; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.databasechangeloglock (
    id integer NOT NULL,
    locked boolean NOT NULL,
    lockgranted timestamp without time zone,
    lockedby character varying(255)
);


--
-- Name: nm_account; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_account (
    id character varying(36) NOT NULL,
    name character varying(200) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    verified_at timestamp without time zone
);


--
-- Name: COLUMN nm_account.verified_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_account.verified_at IS 'when the owner''s address was confirmed; null while not';


--
-- Name: nm_activity; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_activity (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    occurred_at timestamp without time zone NOT NULL,
    seq bigint NOT NULL,
    type character varying(100) NOT NULL,
    user_id character varying(36),
    api_key_id character varying(36),
    ip character varying(64),
    user_agent character varying(512),
    details character varying(4000)
);


--
-- Name: COLUMN nm_activity.seq; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_activity.seq IS 'orders events within the same instant';


--
-- Name: nm_api_key; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_api_key (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    name character varying(100) NOT NULL,
    prefix character varying(16) NOT NULL,
    key_hash character varying(64) NOT NULL,
    created_by character varying(36),
    created_at timestamp without time zone NOT NULL,
    last_used_at timestamp without time zone,
    revoked_at timestamp without time zone,
    scopes character varying(100) DEFAULT 'admin'::character varying NOT NULL
);


--
-- Name: COLUMN nm_api_key.key_hash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_api_key.key_hash IS 'SHA-256 of the key; the key itself is never stored';


--
-- Name: COLUMN nm_api_key.scopes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_api_key.scopes IS 'comma-separated scope ids';


--
-- Name: nm_attribute_definition; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_attribute_definition (
    account_id character varying(36) NOT NULL,
    name character varying(100) NOT NULL,
    type character varying(8) NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: TABLE nm_attribute_definition; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_attribute_definition IS 'the attribute names an account uses, each with one type';


--
-- Name: nm_contact; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_contact (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    email character varying(320) NOT NULL,
    first_name character varying(200),
    last_name character varying(200),
    status character varying(16) NOT NULL,
    consent_source character varying(200),
    consent_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: COLUMN nm_contact.email; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_contact.email IS 'normalised: lower case, IDNA (ASCII) domain';


--
-- Name: nm_contact_attribute; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_contact_attribute (
    account_id character varying(36) NOT NULL,
    contact_id character varying(36) NOT NULL,
    name character varying(100) NOT NULL,
    text_value character varying(2000),
    number_value numeric(38,10),
    date_value date,
    bool_value boolean
);


--
-- Name: nm_contact_tag; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_contact_tag (
    account_id character varying(36) NOT NULL,
    contact_id character varying(36) NOT NULL,
    tag character varying(100) NOT NULL
);


--
-- Name: nm_delivery; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_delivery (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    send_id character varying(36) NOT NULL,
    recipient character varying(320) NOT NULL,
    personalisation character varying(4000),
    state character varying(20) NOT NULL,
    provider_id character varying(500),
    sender_name character varying(100),
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at bigint NOT NULL,
    lease_owner character varying(100),
    lease_until bigint,
    last_error character varying(1000),
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: TABLE nm_delivery; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_delivery IS 'One row per (send, recipient): the ledger';


--
-- Name: COLUMN nm_delivery.personalisation; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_delivery.personalisation IS 'JSON object of the recipient''s merge fields';


--
-- Name: nm_delivery_feedback; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_delivery_feedback (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    delivery_id character varying(36),
    send_id character varying(36),
    recipient character varying(320) NOT NULL,
    kind character varying(30) NOT NULL,
    detail character varying(1000),
    received_at bigint NOT NULL
);


--
-- Name: TABLE nm_delivery_feedback; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_delivery_feedback IS 'Bounces and complaints as the provider reported them';


--
-- Name: nm_delivery_rate; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_delivery_rate (
    sender_name character varying(100) NOT NULL,
    next_slot_micros bigint NOT NULL
);


--
-- Name: TABLE nm_delivery_rate; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_delivery_rate IS 'Per sender: the next free send slot, shared by all workers and nodes';


--
-- Name: nm_delivery_send; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_delivery_send (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    kind character varying(20) NOT NULL,
    state character varying(20) NOT NULL,
    state_reason character varying(500),
    sender_name character varying(100),
    from_address character varying(320) NOT NULL,
    from_name character varying(200),
    subject character varying(998) NOT NULL,
    body_text text,
    body_html text,
    total integer NOT NULL,
    bounces integer DEFAULT 0 NOT NULL,
    transient_bounces integer DEFAULT 0 NOT NULL,
    complaints integer DEFAULT 0 NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    finished_at bigint,
    reply_to character varying(320),
    verdict character varying(10),
    verdict_json text
);


--
-- Name: TABLE nm_delivery_send; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_delivery_send IS 'A send: a campaign run, a test send or a transactional message';


--
-- Name: COLUMN nm_delivery_send.sender_name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_delivery_send.sender_name IS 'the sender that handed off the last message';


--
-- Name: nm_delivery_settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_delivery_settings (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    sender_name character varying(100),
    fallback boolean NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: TABLE nm_delivery_settings; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_delivery_settings IS 'Per account: which sender sends, and whether another may stand in';


--
-- Name: nm_delivery_sns_message; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_delivery_sns_message (
    message_id character varying(100) NOT NULL,
    received_at bigint NOT NULL
);


--
-- Name: TABLE nm_delivery_sns_message; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_delivery_sns_message IS 'SNS message ids already processed: replays change nothing';


--
-- Name: nm_filter_settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_filter_settings (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    warn_threshold double precision,
    block_threshold double precision,
    disabled_filters character varying(2000),
    enabled_filters character varying(2000),
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: TABLE nm_filter_settings; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_filter_settings IS 'Per-account content filter settings; null thresholds mean the operator''s default';


--
-- Name: nm_import; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_import (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    file_name character varying(255) NOT NULL,
    file_bytes bigint NOT NULL,
    settings character varying(20000) NOT NULL,
    state character varying(16) NOT NULL,
    phase_message character varying(1000),
    bytes_done bigint DEFAULT 0 NOT NULL,
    rows_done bigint DEFAULT 0 NOT NULL,
    created_count bigint DEFAULT 0 NOT NULL,
    updated_count bigint DEFAULT 0 NOT NULL,
    rejected_count bigint DEFAULT 0 NOT NULL,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone
);


--
-- Name: COLUMN nm_import.settings; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_import.settings IS 'mapping, mode, delimiter, list, tags as JSON';


--
-- Name: nm_import_rejection; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_import_rejection (
    account_id character varying(36) NOT NULL,
    import_id character varying(36) NOT NULL,
    line bigint NOT NULL,
    email character varying(1000),
    reason character varying(500) NOT NULL
);


--
-- Name: nm_import_row; Type: TABLE; Schema: public; Owner: -
--

CREATE UNLOGGED TABLE public.nm_import_row (
    import_id character varying(36) NOT NULL,
    line bigint NOT NULL,
    email character varying(320) NOT NULL,
    email_hash character varying(64) NOT NULL,
    new_id character varying(36) NOT NULL,
    contact_id character varying(36),
    first_name character varying(200),
    last_name character varying(200),
    status character varying(16)
);


--
-- Name: TABLE nm_import_row; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_import_row IS 'staging: the valid rows of a running import';


--
-- Name: nm_import_value; Type: TABLE; Schema: public; Owner: -
--

CREATE UNLOGGED TABLE public.nm_import_value (
    import_id character varying(36) NOT NULL,
    line bigint NOT NULL,
    name character varying(100) NOT NULL,
    text_value character varying(2000),
    number_value numeric(38,10),
    date_value date,
    bool_value boolean
);


--
-- Name: TABLE nm_import_value; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_import_value IS 'staging: attribute values of the rows of a running import';


--
-- Name: nm_list; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_list (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    name character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: nm_list_member; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_list_member (
    account_id character varying(36) NOT NULL,
    list_id character varying(36) NOT NULL,
    contact_id character varying(36) NOT NULL,
    added_at timestamp with time zone NOT NULL
);


--
-- Name: nm_segment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_segment (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    name character varying(200) NOT NULL,
    filter character varying(20000) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: nm_sender_identity; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_sender_identity (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    kind character varying(10) NOT NULL,
    identity_value character varying(320) NOT NULL,
    status character varying(10) NOT NULL,
    status_reason character varying(500),
    dkim_selectors character varying(700),
    dns_token character varying(64),
    dns_report character varying(20000),
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    verified_at bigint,
    checked_at bigint,
    mail_sent_at bigint,
    link_expires_at bigint
);


--
-- Name: TABLE nm_sender_identity; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_sender_identity IS 'An address or domain an account sends from';


--
-- Name: COLUMN nm_sender_identity.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_sender_identity.kind IS 'address or domain';


--
-- Name: COLUMN nm_sender_identity.identity_value; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_sender_identity.identity_value IS 'normal form: local@domain or the ASCII domain';


--
-- Name: COLUMN nm_sender_identity.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_sender_identity.status IS 'pending, verified or failed';


--
-- Name: COLUMN nm_sender_identity.dns_report; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_sender_identity.dns_report IS 'JSON of the last DNS check';


--
-- Name: nm_sender_identity_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_sender_identity_token (
    token_hash character varying(64) NOT NULL,
    account_id character varying(36) NOT NULL,
    identity_id character varying(36) NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    used_at bigint
);


--
-- Name: TABLE nm_sender_identity_token; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.nm_sender_identity_token IS 'Verification links by the SHA-256 of their token';


--
-- Name: nm_session; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_session (
    id character varying(64) NOT NULL,
    user_id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    csrf_token character varying(64) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    last_seen_at timestamp without time zone NOT NULL,
    expires_at timestamp without time zone NOT NULL,
    ip character varying(64),
    user_agent character varying(512)
);


--
-- Name: COLUMN nm_session.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_session.id IS 'SHA-256 of the session token; the token itself is never stored';


--
-- Name: nm_status_change; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_status_change (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    contact_id character varying(36) NOT NULL,
    old_status character varying(16),
    new_status character varying(16) NOT NULL,
    source character varying(32) NOT NULL,
    reason character varying(500),
    changed_at timestamp with time zone NOT NULL
);


--
-- Name: nm_suppression; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_suppression (
    account_id character varying(36) NOT NULL,
    email_hash character varying(64) NOT NULL,
    email character varying(320),
    reason character varying(16) NOT NULL,
    source character varying(32) NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: COLUMN nm_suppression.email_hash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_suppression.email_hash IS 'SHA-256 (hex) of the lower-cased address';


--
-- Name: COLUMN nm_suppression.email; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_suppression.email IS 'lower case; null once the contact was erased: only the hash is kept';


--
-- Name: nm_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_user (
    id character varying(36) NOT NULL,
    account_id character varying(36) NOT NULL,
    email character varying(320) NOT NULL,
    email_key character varying(320) NOT NULL,
    password_hash character varying(100) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    password_changed_at timestamp without time zone NOT NULL
);


--
-- Name: nm_user_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.nm_user_token (
    id character varying(64) NOT NULL,
    purpose character varying(20) NOT NULL,
    user_id character varying(36),
    account_id character varying(36),
    email character varying(320) NOT NULL,
    account_name character varying(200),
    created_at timestamp without time zone NOT NULL,
    expires_at timestamp without time zone NOT NULL,
    used_at timestamp without time zone
);


--
-- Name: COLUMN nm_user_token.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.nm_user_token.id IS 'SHA-256 of the token; the token itself is never stored';


--
-- Data for Name: databasechangelog; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.databasechangelog VALUES
	('filters-1', 'neuromail', 'io/neuromail/filters/db/changelog.xml', '2026-12-02 05:18:46.640735', 1, 'EXECUTED', '9:7759583d2c01c0aee81bef55c2343af6', 'createTable tableName=nm_filter_settings', '', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('identity-1', 'neuromail', 'io/neuromail/identity/db/changelog.xml', '2026-12-02 05:19:01.402662', 2, 'EXECUTED', '9:3e6ec96b8b65a0489371fac1576bdbb2', 'createTable tableName=nm_account; createTable tableName=nm_user; createTable tableName=nm_session; createIndex indexName=ix_session_user, tableName=nm_session; createTable tableName=nm_api_key; createIndex indexName=ix_api_key_account, tableName=n...', '', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('identity-2', 'neuromail', 'io/neuromail/identity/db/changelog.xml', '2026-12-02 05:19:01.528519', 3, 'EXECUTED', '9:9c61d1dc2ae1f8b69f0f0277dbece5ac', 'addColumn tableName=nm_api_key', '', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('identity-3', 'neuromail', 'io/neuromail/identity/db/changelog.xml', '2026-12-02 05:19:01.878901', 4, 'EXECUTED', '9:1c0ef9fab49859c8db1055c45335fd24', 'addColumn tableName=nm_account; update tableName=nm_account; createTable tableName=nm_user_token; createIndex indexName=ix_user_token_user, tableName=nm_user_token; createIndex indexName=ix_user_token_expiry, tableName=nm_user_token; createIndex i...', '', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('sender-identities-1', 'neuromail', 'io/neuromail/senderidentity/db/changelog.xml', '2026-12-02 05:19:06.918264', 5, 'EXECUTED', '9:c5ced3d2bb747343a587ab4cb64cde1b', 'createTable tableName=nm_sender_identity; addUniqueConstraint constraintName=uq_sender_identity_value, tableName=nm_sender_identity; createIndex indexName=ix_sender_identity_account, tableName=nm_sender_identity; createTable tableName=nm_sender_id...', '', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('delivery-1', 'neuromail', 'io/neuromail/delivery/db/changelog.xml', '2026-12-02 05:19:11.267711', 6, 'EXECUTED', '9:5a349a9fcc6aaf373f66e54ce1b1b943', 'createTable tableName=nm_delivery_send; createIndex indexName=ix_delivery_send_account, tableName=nm_delivery_send; createTable tableName=nm_delivery; addUniqueConstraint constraintName=uq_delivery_send_recipient, tableName=nm_delivery; createInde...', '', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('delivery-2', 'neuromail', 'io/neuromail/delivery/db/changelog.xml', '2026-12-02 05:19:11.428226', 7, 'EXECUTED', '9:616a124c67b8e94526415db90424a847', 'createIndex indexName=ix_delivery_send_state, tableName=nm_delivery', 'Counts by state and "is anything left?" per send without scanning the send''s rows.', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('delivery-3', 'neuromail', 'io/neuromail/delivery/db/changelog.xml', '2026-12-02 05:19:11.528489', 8, 'EXECUTED', '9:1afe606a2b43c3cb3e0a24a5a39882b6', 'dropIndex indexName=ix_delivery_send_state, tableName=nm_delivery; createIndex indexName=ix_delivery_send_state, tableName=nm_delivery', 'A send''s rate (rows sent in the last minute) read from the index alone.', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('delivery-4', 'neuromail', 'io/neuromail/delivery/db/changelog.xml', '2026-12-02 05:19:11.602447', 9, 'EXECUTED', '9:53da30ef219297321052e3b89db142f0', 'dropIndex indexName=ix_delivery_account, tableName=nm_delivery', 'No query reads rows by account alone (they name the send, whose indexes serve them), and every
      index costs each state change of a row.', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('delivery-5', 'neuromail', 'io/neuromail/delivery/db/changelog.xml', '2026-12-02 05:19:11.73459', 10, 'EXECUTED', '9:e990964f779a0daa65d363d55eaf1618', 'createIndex indexName=ix_delivery_send_claim, tableName=nm_delivery; dropIndex indexName=ix_delivery_claim, tableName=nm_delivery', 'PostgreSQL claims each running send''s first due rows in index order (see Ledger.CLAIM_SKIP_LOCKED);
      the (state, due) index served only the claim there. H2 claims through it still.', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('delivery-6', 'neuromail', 'io/neuromail/delivery/db/changelog.xml', '2026-12-02 05:19:11.85547', 11, 'EXECUTED', '9:1c9f83031885f38a02aa111506c13156', 'addColumn tableName=nm_delivery_send', 'Safe sending: Reply-To, and the content filters'' verdict a send was admitted with (decision and JSON summary).', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('contacts-1', 'neuromail', 'io/neuromail/contacts/db/changelog.xml', '2026-12-02 05:19:20.436164', 12, 'EXECUTED', '9:b4f12f10665c17ed924dc1ce0e829a0e', 'createTable tableName=nm_contact; addUniqueConstraint constraintName=uq_contact_email, tableName=nm_contact; createIndex indexName=ix_contact_status, tableName=nm_contact; createIndex indexName=ix_contact_created, tableName=nm_contact; createTable...', '', NULL, '4.33.0', NULL, NULL, '6188691339'),
	('contacts-2-postgresql', 'neuromail', 'io/neuromail/contacts/db/changelog.xml', '2026-12-02 05:19:20.566189', 13, 'EXECUTED', '9:3c32acf2eb6dc899372a234b83e8af6b', 'sql', '', NULL, '4.33.0', NULL, NULL, '6188691339');


--
-- Data for Name: databasechangeloglock; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.databasechangeloglock VALUES
	(1, false, NULL, NULL);


--
-- Data for Name: nm_account; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_account VALUES
	('babea235-06cb-4e82-9931-37e12bd5d933', 'example.com', '2026-12-02 05:19:36.297907', '2026-12-02 05:19:36.297907');


--
-- Data for Name: nm_activity; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_activity VALUES
	('14450f8d-b190-4160-ab20-e98905e265f9', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:36.677983', 1796188735397001, 'account.created', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, '127.0.0.1', 'curl/7.88.1', '{"email":"upgrade-owner@example.com","via":"signup"}'),
	('1de215e5-9212-45b6-9eaf-824ae3280792', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:41.49956', 1796188735397002, 'auth.login.succeeded', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, '127.0.0.1', 'curl/7.88.1', '{}'),
	('10dd91c2-9f0b-4127-99e8-3984578dee36', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:42.629026', 1796188735397003, 'apikey.created', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, '127.0.0.1', 'curl/7.88.1', '{"keyId":"858380c4-86c6-40b1-92ee-294c6a932e69","name":"upgrade key","prefix":"nm_3x5g5ar0","scopes":"read"}'),
	('771e7bde-fc65-4bd9-95c7-678cb506ab4c', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:44.060905', 1796188735397004, 'contacts.contact.created', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, NULL, NULL, '{"contactId":"925fa3f8-40e8-4ae3-a160-6e4ea286b806"}'),
	('9d94d068-466a-45eb-b93d-8ebd81857041', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:45.453675', 1796188735397005, 'contacts.contact.created', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, NULL, NULL, '{"contactId":"97ce26a2-e2d6-4840-bd3a-a446faba4b22"}'),
	('ea925d93-3704-4f69-a1a3-2e968d6c4f56', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:46.725103', 1796188735397006, 'contacts.list.created', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, NULL, NULL, '{"listId":"4ee90a78-1e80-4069-9c91-8ea402b4452b","name":"Upgrade readers"}'),
	('d80c5a8f-b496-46b2-9559-388e32381c70', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:47.465166', 1796188735397007, 'contacts.list.members_added', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, NULL, NULL, '{"listId":"4ee90a78-1e80-4069-9c91-8ea402b4452b","contacts":"1"}'),
	('1adf85d5-10f7-4df3-98de-a45042e8f21c', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:48.487554', 1796188735397008, 'contacts.segment.created', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, NULL, NULL, '{"segmentId":"2c0fcf2b-5a8e-4c24-8a99-d1144a7074f1","name":"Subscribed"}'),
	('64a34eda-fbbd-41a9-8190-a21e742b782f', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:49.264803', 1796188735397009, 'contacts.suppression.added', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, NULL, NULL, '{"count":"1"}'),
	('b756c583-eb3c-488c-9082-6470e5410965', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:50.389731', 1796188735397010, 'sender-identity.added', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, NULL, NULL, '{"identity":"edfa095a-6102-4483-a797-0e1c2897a1b9","type":"domain","value":"upgrade.example.net"}'),
	('35d012cc-c7c3-47f3-b4d8-0052293dd3e5', 'babea235-06cb-4e82-9931-37e12bd5d933', '2026-12-02 05:19:53.445998', 1796188735397011, 'delivery.send.created', '358fd05e-8a66-4ee9-844b-728c82c39aff', NULL, NULL, NULL, '{"send":"cacd575d-595c-40f2-9cd8-b45f4f30ec6c","recipients":"2","suppressed":"0","verdict":"PASS"}');


--
-- Data for Name: nm_api_key; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_api_key VALUES
	('858380c4-86c6-40b1-92ee-294c6a932e69', 'babea235-06cb-4e82-9931-37e12bd5d933', 'upgrade key', 'nm_3x5g5ar0', 'fe771b4695bb318f7faa3221bd78888f4711b88935239124ed3bb9662818244c', '358fd05e-8a66-4ee9-844b-728c82c39aff', '2026-12-02 05:19:42.562157', NULL, NULL, 'read');


--
-- Data for Name: nm_attribute_definition; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_contact; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_contact VALUES
	('925fa3f8-40e8-4ae3-a160-6e4ea286b806', 'babea235-06cb-4e82-9931-37e12bd5d933', 'ada@example.org', 'Ada', 'Lovelace', 'subscribed', 'api', '2026-12-02 05:19:43.934447+00', '2026-12-02 05:19:43.934447+00', '2026-12-02 05:19:43.934447+00'),
	('97ce26a2-e2d6-4840-bd3a-a446faba4b22', 'babea235-06cb-4e82-9931-37e12bd5d933', 'alan@example.org', 'Alan', NULL, 'subscribed', 'api', '2026-12-02 05:19:45.429725+00', '2026-12-02 05:19:45.429725+00', '2026-12-02 05:19:45.429725+00');


--
-- Data for Name: nm_contact_attribute; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_contact_tag; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_delivery; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_delivery VALUES
	('01a23531-e973-7000-8c18-39839e8cf768', 'babea235-06cb-4e82-9931-37e12bd5d933', 'cacd575d-595c-40f2-9cd8-b45f4f30ec6c', 'alan@example.org', NULL, 'sent', '1796188795102-01a23531-e973-7000-8c18-39839e8cf768.eml', 'outbox', 1, 1796188792966, NULL, NULL, NULL, 1796188792966, 1796188795213),
	('01a23531-e93c-7000-8db4-179e436ad627', 'babea235-06cb-4e82-9931-37e12bd5d933', 'cacd575d-595c-40f2-9cd8-b45f4f30ec6c', 'ada@example.org', NULL, 'sent', '1796188795540-01a23531-e93c-7000-8db4-179e436ad627.eml', 'outbox', 1, 1796188792966, NULL, NULL, NULL, 1796188792966, 1796188795551);


--
-- Data for Name: nm_delivery_feedback; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_delivery_rate; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_delivery_rate VALUES
	('outbox', 1796188795274766);


--
-- Data for Name: nm_delivery_send; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_delivery_send VALUES
	('cacd575d-595c-40f2-9cd8-b45f4f30ec6c', 'babea235-06cb-4e82-9931-37e12bd5d933', 'campaign', 'finished', NULL, 'outbox', 'news@example.com', NULL, 'Upgrade news', 'Hello {{firstName}}', NULL, 2, 0, 0, 0, 1796188792966, 1796188796127, 1796188796127, NULL, 'PASS', '{"decision":"PASS","score":0.0,"acknowledged":false,"findings":[]}');


--
-- Data for Name: nm_delivery_settings; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_delivery_sns_message; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_filter_settings; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_import; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_import_rejection; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_import_row; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_import_value; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_list; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_list VALUES
	('4ee90a78-1e80-4069-9c91-8ea402b4452b', 'babea235-06cb-4e82-9931-37e12bd5d933', 'Upgrade readers', '2026-12-02 05:19:46.668841+00');


--
-- Data for Name: nm_list_member; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_list_member VALUES
	('babea235-06cb-4e82-9931-37e12bd5d933', '4ee90a78-1e80-4069-9c91-8ea402b4452b', '925fa3f8-40e8-4ae3-a160-6e4ea286b806', '2026-12-02 05:19:47.433054+00');


--
-- Data for Name: nm_segment; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_segment VALUES
	('2c0fcf2b-5a8e-4c24-8a99-d1144a7074f1', 'babea235-06cb-4e82-9931-37e12bd5d933', 'Subscribed', '{"field":"status","op":"is","value":"subscribed"}', '2026-12-02 05:19:48.350587+00', '2026-12-02 05:19:48.350587+00');


--
-- Data for Name: nm_sender_identity; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_sender_identity VALUES
	('edfa095a-6102-4483-a797-0e1c2897a1b9', 'babea235-06cb-4e82-9931-37e12bd5d933', 'domain', 'upgrade.example.net', 'pending', 'Publish the verification TXT record, then re-check.', NULL, '456a11dca72aa074a3de313ba5697596', NULL, 1796188789871, 1796188789871, NULL, NULL, NULL, NULL);


--
-- Data for Name: nm_sender_identity_token; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_session; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_session VALUES
	('7e85163cc47f70efcf976e39357dc5b9501b9bb0dc2c6205cf99a260f932c3fe', '358fd05e-8a66-4ee9-844b-728c82c39aff', 'babea235-06cb-4e82-9931-37e12bd5d933', 'sCGRbQ1gPUu8ahrDOvIFv5BqQNq4g2XNjHw-LTZXPmg', '2026-12-02 05:19:41.607857', '2026-12-02 05:19:41.607857', '2026-12-02 17:19:41.607857', '127.0.0.1', 'curl/7.88.1');


--
-- Data for Name: nm_status_change; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: nm_suppression; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_suppression VALUES
	('babea235-06cb-4e82-9931-37e12bd5d933', '623465a03597bc5e82ec2293361902ff9f0f6b90ae3aeb5e1740570cdc3adfb3', 'gone@example.org', 'manual', 'api', '2026-12-02 05:19:49.19889+00');


--
-- Data for Name: nm_user; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.nm_user VALUES
	('358fd05e-8a66-4ee9-844b-728c82c39aff', 'babea235-06cb-4e82-9931-37e12bd5d933', 'upgrade-owner@example.com', 'upgrade-owner@example.com', '$2b$12$3tNyfoFY.7ASXwdU9f1houDmht181g5emp4o7LuqZi/mREv.yMZIW', '2026-12-02 05:19:36.297907', '2026-12-02 05:19:36.297907');


--
-- Data for Name: nm_user_token; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: databasechangeloglock databasechangeloglock_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.databasechangeloglock
    ADD CONSTRAINT databasechangeloglock_pkey PRIMARY KEY (id);


--
-- Name: nm_account nm_account_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_account
    ADD CONSTRAINT nm_account_pkey PRIMARY KEY (id);


--
-- Name: nm_activity nm_activity_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_activity
    ADD CONSTRAINT nm_activity_pkey PRIMARY KEY (id);


--
-- Name: nm_api_key nm_api_key_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_api_key
    ADD CONSTRAINT nm_api_key_pkey PRIMARY KEY (id);


--
-- Name: nm_contact nm_contact_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_contact
    ADD CONSTRAINT nm_contact_pkey PRIMARY KEY (id);


--
-- Name: nm_delivery_feedback nm_delivery_feedback_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_delivery_feedback
    ADD CONSTRAINT nm_delivery_feedback_pkey PRIMARY KEY (id);


--
-- Name: nm_delivery nm_delivery_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_delivery
    ADD CONSTRAINT nm_delivery_pkey PRIMARY KEY (id);


--
-- Name: nm_delivery_rate nm_delivery_rate_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_delivery_rate
    ADD CONSTRAINT nm_delivery_rate_pkey PRIMARY KEY (sender_name);


--
-- Name: nm_delivery_send nm_delivery_send_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_delivery_send
    ADD CONSTRAINT nm_delivery_send_pkey PRIMARY KEY (id);


--
-- Name: nm_delivery_settings nm_delivery_settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_delivery_settings
    ADD CONSTRAINT nm_delivery_settings_pkey PRIMARY KEY (id);


--
-- Name: nm_delivery_sns_message nm_delivery_sns_message_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_delivery_sns_message
    ADD CONSTRAINT nm_delivery_sns_message_pkey PRIMARY KEY (message_id);


--
-- Name: nm_filter_settings nm_filter_settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_filter_settings
    ADD CONSTRAINT nm_filter_settings_pkey PRIMARY KEY (id);


--
-- Name: nm_import nm_import_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_import
    ADD CONSTRAINT nm_import_pkey PRIMARY KEY (id);


--
-- Name: nm_list nm_list_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_list
    ADD CONSTRAINT nm_list_pkey PRIMARY KEY (id);


--
-- Name: nm_segment nm_segment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_segment
    ADD CONSTRAINT nm_segment_pkey PRIMARY KEY (id);


--
-- Name: nm_sender_identity nm_sender_identity_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_sender_identity
    ADD CONSTRAINT nm_sender_identity_pkey PRIMARY KEY (id);


--
-- Name: nm_sender_identity_token nm_sender_identity_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_sender_identity_token
    ADD CONSTRAINT nm_sender_identity_token_pkey PRIMARY KEY (token_hash);


--
-- Name: nm_session nm_session_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_session
    ADD CONSTRAINT nm_session_pkey PRIMARY KEY (id);


--
-- Name: nm_status_change nm_status_change_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_status_change
    ADD CONSTRAINT nm_status_change_pkey PRIMARY KEY (id);


--
-- Name: nm_user nm_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_user
    ADD CONSTRAINT nm_user_pkey PRIMARY KEY (id);


--
-- Name: nm_user_token nm_user_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_user_token
    ADD CONSTRAINT nm_user_token_pkey PRIMARY KEY (id);


--
-- Name: nm_attribute_definition pk_attribute_definition; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_attribute_definition
    ADD CONSTRAINT pk_attribute_definition PRIMARY KEY (account_id, name);


--
-- Name: nm_contact_attribute pk_contact_attribute; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_contact_attribute
    ADD CONSTRAINT pk_contact_attribute PRIMARY KEY (contact_id, name);


--
-- Name: nm_contact_tag pk_contact_tag; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_contact_tag
    ADD CONSTRAINT pk_contact_tag PRIMARY KEY (contact_id, tag);


--
-- Name: nm_import_rejection pk_import_rejection; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_import_rejection
    ADD CONSTRAINT pk_import_rejection PRIMARY KEY (import_id, line);


--
-- Name: nm_import_row pk_import_row; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_import_row
    ADD CONSTRAINT pk_import_row PRIMARY KEY (import_id, line);


--
-- Name: nm_import_value pk_import_value; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_import_value
    ADD CONSTRAINT pk_import_value PRIMARY KEY (import_id, line, name);


--
-- Name: nm_list_member pk_list_member; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_list_member
    ADD CONSTRAINT pk_list_member PRIMARY KEY (list_id, contact_id);


--
-- Name: nm_suppression pk_suppression; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_suppression
    ADD CONSTRAINT pk_suppression PRIMARY KEY (account_id, email_hash);


--
-- Name: nm_api_key uq_api_key_hash; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_api_key
    ADD CONSTRAINT uq_api_key_hash UNIQUE (key_hash);


--
-- Name: nm_contact uq_contact_email; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_contact
    ADD CONSTRAINT uq_contact_email UNIQUE (account_id, email);


--
-- Name: nm_delivery uq_delivery_send_recipient; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_delivery
    ADD CONSTRAINT uq_delivery_send_recipient UNIQUE (send_id, recipient);


--
-- Name: nm_delivery_settings uq_delivery_settings_account; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_delivery_settings
    ADD CONSTRAINT uq_delivery_settings_account UNIQUE (account_id);


--
-- Name: nm_filter_settings uq_filter_settings_account; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_filter_settings
    ADD CONSTRAINT uq_filter_settings_account UNIQUE (account_id);


--
-- Name: nm_list uq_list_name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_list
    ADD CONSTRAINT uq_list_name UNIQUE (account_id, name);


--
-- Name: nm_segment uq_segment_name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_segment
    ADD CONSTRAINT uq_segment_name UNIQUE (account_id, name);


--
-- Name: nm_sender_identity uq_sender_identity_value; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_sender_identity
    ADD CONSTRAINT uq_sender_identity_value UNIQUE (account_id, kind, identity_value);


--
-- Name: nm_user uq_user_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_user
    ADD CONSTRAINT uq_user_email_key UNIQUE (email_key);


--
-- Name: ix_activity_account_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_activity_account_time ON public.nm_activity USING btree (account_id, occurred_at, seq);


--
-- Name: ix_activity_account_type; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_activity_account_type ON public.nm_activity USING btree (account_id, type);


--
-- Name: ix_api_key_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_api_key_account ON public.nm_api_key USING btree (account_id);


--
-- Name: ix_attribute_date; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_attribute_date ON public.nm_contact_attribute USING btree (account_id, name, date_value) WHERE (date_value IS NOT NULL);


--
-- Name: ix_attribute_number; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_attribute_number ON public.nm_contact_attribute USING btree (account_id, name, number_value) WHERE (number_value IS NOT NULL);


--
-- Name: ix_attribute_text; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_attribute_text ON public.nm_contact_attribute USING btree (account_id, name, lower((text_value)::text)) WHERE (text_value IS NOT NULL);


--
-- Name: ix_contact_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_contact_created ON public.nm_contact USING btree (account_id, created_at);


--
-- Name: ix_contact_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_contact_status ON public.nm_contact USING btree (account_id, status);


--
-- Name: ix_contact_tag; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_contact_tag ON public.nm_contact_tag USING btree (account_id, tag);


--
-- Name: ix_delivery_feedback_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_delivery_feedback_account ON public.nm_delivery_feedback USING btree (account_id);


--
-- Name: ix_delivery_provider; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_delivery_provider ON public.nm_delivery USING btree (provider_id);


--
-- Name: ix_delivery_send_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_delivery_send_account ON public.nm_delivery_send USING btree (account_id, created_at);


--
-- Name: ix_delivery_send_claim; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_delivery_send_claim ON public.nm_delivery USING btree (send_id, state, next_attempt_at);


--
-- Name: ix_delivery_send_state; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_delivery_send_state ON public.nm_delivery USING btree (send_id, state, updated_at);


--
-- Name: ix_import_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_import_account ON public.nm_import USING btree (account_id, created_at);


--
-- Name: ix_list_member_contact; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_list_member_contact ON public.nm_list_member USING btree (contact_id);


--
-- Name: ix_sender_identity_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sender_identity_account ON public.nm_sender_identity USING btree (account_id, created_at);


--
-- Name: ix_sender_identity_token_identity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sender_identity_token_identity ON public.nm_sender_identity_token USING btree (identity_id);


--
-- Name: ix_session_expiry; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_session_expiry ON public.nm_session USING btree (expires_at);


--
-- Name: ix_session_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_session_user ON public.nm_session USING btree (user_id);


--
-- Name: ix_status_change_contact; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_status_change_contact ON public.nm_status_change USING btree (contact_id, changed_at);


--
-- Name: ix_suppression_email; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_suppression_email ON public.nm_suppression USING btree (account_id, email);


--
-- Name: ix_user_token_expiry; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_user_token_expiry ON public.nm_user_token USING btree (expires_at);


--
-- Name: ix_user_token_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_user_token_user ON public.nm_user_token USING btree (user_id);


--
-- Name: nm_api_key fk_api_key_account; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_api_key
    ADD CONSTRAINT fk_api_key_account FOREIGN KEY (account_id) REFERENCES public.nm_account(id);


--
-- Name: nm_delivery fk_delivery_send; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_delivery
    ADD CONSTRAINT fk_delivery_send FOREIGN KEY (send_id) REFERENCES public.nm_delivery_send(id) ON DELETE CASCADE;


--
-- Name: nm_sender_identity_token fk_sender_identity_token; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_sender_identity_token
    ADD CONSTRAINT fk_sender_identity_token FOREIGN KEY (identity_id) REFERENCES public.nm_sender_identity(id) ON DELETE CASCADE;


--
-- Name: nm_session fk_session_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_session
    ADD CONSTRAINT fk_session_user FOREIGN KEY (user_id) REFERENCES public.nm_user(id) ON DELETE CASCADE;


--
-- Name: nm_user fk_user_account; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_user
    ADD CONSTRAINT fk_user_account FOREIGN KEY (account_id) REFERENCES public.nm_account(id);


--
-- Name: nm_user_token fk_user_token_user; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.nm_user_token
    ADD CONSTRAINT fk_user_token_user FOREIGN KEY (user_id) REFERENCES public.nm_user(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


