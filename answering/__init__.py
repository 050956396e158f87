"""Answering questions from the table and the retrieved sections, every answer cited."""
