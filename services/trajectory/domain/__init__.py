"""The trajectory's rules as plain functions: no HTTP, no database."""
