# SPDX-License-Identifier: EUPL-1.2
"""A stand-in for the national public service portal (Cổng Dịch vụ công quốc gia).

A separate small WSGI app for Motcua's tests, benchmarks and demos: it receives dossier events,
validates them against the exchange schema, stores them idempotently, serves an inbound feed of
dossiers submitted on the portal, and fails on request. Stdlib, jsonschema and granian only: it
never imports Django or Motcua. See docs/national-portal-simulator.md.
"""
