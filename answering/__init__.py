"""Answering questions from the table and the retrieved sections, every answer cited."""

from answering.engine import Engine, answer, load_engine, retrieve
from answering.types import Answer, Citation

__all__ = ["Answer", "Citation", "Engine", "answer", "load_engine", "retrieve"]
