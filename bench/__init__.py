"""Benchmarks, generated corpora and load tests: how fast and how big, apart from answer quality (eval/)."""
