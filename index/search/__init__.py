"""The search pipeline: sections chunked, embedded into Chroma and tokenised for BM25, then retrieved."""
