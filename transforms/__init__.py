"""Beam stages of the news pipeline: one module per stage."""
