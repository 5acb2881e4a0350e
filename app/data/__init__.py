"""Persistence: the only package that touches the database session.

Functions here take a ``Session`` first and return models or plain values. They flush
but never commit: the caller's unit of work commits once, when the whole request succeeds.
"""
