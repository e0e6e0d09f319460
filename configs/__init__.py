"""Domain settings shipped as package data (``pipelines.configs``); see default.yaml."""
