"""Cross-service contracts: the DDAS vocabulary, the resident as handed over, the commands and
queries between services, and the event payloads reporting reads."""
