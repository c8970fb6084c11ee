"""Stations (裁决所): the shipped registry and initialising a database for a station or a supervisor."""
