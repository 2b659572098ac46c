"""Home Assistant custom components (namespace for tests and tooling)."""
