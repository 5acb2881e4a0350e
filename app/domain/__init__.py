"""Plan rules as plain functions and dataclasses: no database, no web, unit-tested."""
