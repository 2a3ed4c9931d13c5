"""The call log's pages: the calls (calls) and their statistics (statistics)."""
