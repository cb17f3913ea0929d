"""The plumbing every public page shares: filtered and paginated lists, the anonymous page
cache, detail-page URLs and the language links. The lowest layer: it imports no portal app."""
