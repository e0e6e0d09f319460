"""News ingestion pipelines: options, config and wiring."""
