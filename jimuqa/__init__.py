"""jimuqa: question answering over 事務事業マネジメントシート, with cited sources."""
