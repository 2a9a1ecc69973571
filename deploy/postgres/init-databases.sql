-- One database per service, and one for Keycloak (compose.yaml mounts this file into the
-- postgres image's /docker-entrypoint-initdb.d; it runs once, on an empty data volume).
CREATE DATABASE balans_intake;
CREATE DATABASE balans_signals;
CREATE DATABASE balans_trajectory;
CREATE DATABASE balans_reporting;
CREATE DATABASE keycloak;
