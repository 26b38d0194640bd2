"""The models that ship with clickbait (one folder each)."""
