"""Templates of exporter's documents; each folder is one (installed as package data)."""
