"""Everything from corpus files to stores: parsing, the table, sections and search indexes, the build."""
