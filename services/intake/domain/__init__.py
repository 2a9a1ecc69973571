"""The intake rules as plain functions: no HTTP, no database."""
