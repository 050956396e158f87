"""Answering questions from the table and the retrieved sections, every answer cited."""

from jimuqa.answering.engine import Engine, answer, load_engine, retrieve
from jimuqa.answering.types import Answer, Citation

__all__ = ["Answer", "Citation", "Engine", "answer", "load_engine", "retrieve"]
